import { mkdir } from 'node:fs/promises';
import type { AgentBackend } from '../../agent/index.js';
import { PosternError, isPosternError } from '../../model/index.js';

/** What `postern web` needs of the desktop services: the agent's backend, and a way to shut it. */
export interface WebBackend extends AgentBackend {
  close(): Promise<void>;
}

/** Set to protect secrets with a passphrase instead of the OS keychain (an env var: flags show in `ps`). */
export const PASSPHRASE_ENV = 'POSTERN_VAULT_PASSPHRASE';

/** The real desktop services over the app's data folder. */
export async function openDesktopServices(dataDir: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<WebBackend> {
  // Loaded on demand: the services pull in the engine, store, vault and script sandbox.
  const { createDesktopServices } = await import('../../services/index.js');
  // Owner-only: the database and its sealed secrets live here (mode applies only to folders made now).
  await mkdir(dataDir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw new PosternError('FILE_UNWRITABLE', `cannot create the data folder: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { file: dataDir });
  });
  const passphrase = env[PASSPHRASE_ENV];
  const vault = passphrase !== undefined && passphrase !== '' ? { passphrase } : {};
  try {
    return await createDesktopServices({ dataDir, vault });
  } catch (error) {
    if (isPosternError(error) && error.code === 'KEYCHAIN_UNAVAILABLE') {
      throw new PosternError('KEYCHAIN_UNAVAILABLE', `${error.message.replace(/\.$/, '')}; to use a passphrase instead, set ${PASSPHRASE_ENV}`, error.where);
    }
    throw error;
  }
}
