/**
 * The sync state as one JSON file, written atomically: a new temp file beside it (mode 0600: it holds
 * current values, which never leave the device), flushed, then renamed over the old one, so a crash
 * leaves either the old state or the new, never half of one. A file that is not a sync state is refused
 * with one line naming it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PosternError } from '../model/errors.js';
import { SyncStateSchema, type SyncStateData, type SyncStateStore } from './state.js';

export const SYNC_STATE_FILE_MODE = 0o600;

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
}

export function parseSyncStateFile(path: string, text: string): SyncStateData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PosternError('STORE_CORRUPT', `sync state file ${path} is corrupt (not JSON: ${reasonOf(error)}); delete it to sync again from the start`, { file: path });
  }
  const parsed = SyncStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'top level';
    throw new PosternError('STORE_CORRUPT', `sync state file ${path} is corrupt (${where}: ${issue?.message ?? 'invalid'}); delete it to sync again from the start`, { file: path });
  }
  return parsed.data;
}

export function fileSyncState(path: string): SyncStateStore {
  // One write at a time, in order: the last save is the one that stays.
  let writing: Promise<void> = Promise.resolve();

  async function write(state: SyncStateData): Promise<void> {
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(temp, 'wx', SYNC_STATE_FILE_MODE);
      try {
        await handle.writeFile(`${JSON.stringify(state)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new PosternError('FILE_UNWRITABLE', `cannot write sync state file ${path}: ${reasonOf(error)}`, { file: path }, { cause: error });
    }
  }

  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new PosternError('FILE_UNREADABLE', `cannot read sync state file ${path}: ${reasonOf(error)}`, { file: path }, { cause: error });
      }
      return parseSyncStateFile(path, text);
    },
    save(state) {
      const next = writing.then(() => write(state));
      writing = next.catch(() => undefined);
      return next;
    },
  };
}
