/**
 * Envelope encryption for values at rest. A master key (outside the database) wraps data keys (inside
 * it); data keys encrypt values with AES-256-GCM bound to a caller-given context (`aad`, e.g.
 * `users.totp_secret:<userId>`), so a value copied to another row or column does not open.
 *
 * Sealed value: `pe1.<dataKeyId>.<iv b64url>.<ciphertext+tag b64url>`.
 * Rotating the data key only changes which key new writes use; rotating the master key re-wraps the few
 * data keys and leaves every row as it is. Unwrapped data keys are cached: their bytes never change, so
 * the cache stays correct when several processes share one database.
 */
import { randomBytes } from 'node:crypto';
import { ServerError } from '../errors.js';
import { gcmOpen, gcmSeal } from './aes-gcm.js';
import type { DataKeyRecord, DataKeyStore } from './data-key-store.js';
import type { MasterKey } from './master-key.js';

export const SEALED_VERSION = 'pe1';
const WRAPPED_VERSION = 'w1';
const DATA_KEY_BYTES = 32;
/** Decodes without state between calls, so one serves every `openText`. */
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
/** How long a key ring trusts its idea of the active data key before re-reading the store. */
export const ACTIVE_KEY_RECHECK_MS = 5_000;

export interface KeyRing {
  /** The data key new writes use (as of the last read of the store). */
  readonly activeDataKeyId: string;
  /** Ids of the configured master keys, current first. */
  readonly masterKeyIds: readonly string[];
  seal(plaintext: string | Buffer, aad: string): Promise<string>;
  open(sealed: string, aad: string): Promise<Buffer>;
  openText(sealed: string, aad: string): Promise<string>;
  /** Makes a new data key active for new writes and retires the others; returns its id. */
  rotateDataKey(now: number): Promise<string>;
  /** Re-wraps every data key under `newMaster`, which becomes the current master key. */
  rewrapAll(newMaster: MasterKey): Promise<{ rewrapped: number }>;
}

export function isSealedValue(value: string): boolean {
  return value.startsWith(`${SEALED_VERSION}.`) && value.split('.').length === 4;
}

function wrapAad(dataKeyId: string): string {
  return `data-key:${dataKeyId}`;
}

function wrapDataKey(master: MasterKey, dataKeyId: string, dataKey: Buffer): string {
  return `${WRAPPED_VERSION}.${gcmSeal(master.key, dataKey, wrapAad(dataKeyId))}`;
}

function newDataKeyId(): string {
  return `dk_${randomBytes(9).toString('base64url')}`;
}

/** The newest key not retired (ties broken by id so every process picks the same one). */
function pickActive(records: Iterable<DataKeyRecord>): DataKeyRecord | undefined {
  let best: DataKeyRecord | undefined;
  for (const r of records) {
    if (r.retiredAt !== null) continue;
    if (best === undefined || r.createdAt > best.createdAt || (r.createdAt === best.createdAt && r.id > best.id)) best = r;
  }
  return best;
}

export async function createKeyRing(
  store: DataKeyStore,
  masterKeys: readonly MasterKey[],
  options: { readonly clock?: () => number; readonly activeKeyRecheckMs?: number } = {},
): Promise<KeyRing> {
  const clock = options.clock ?? Date.now;
  const recheckMs = options.activeKeyRecheckMs ?? ACTIVE_KEY_RECHECK_MS;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let masters: MasterKey[] = [];
  for (const m of masterKeys) if (!masters.some((k) => k.id === m.id)) masters.push(m);
  if (masters.length === 0) throw new ServerError('MASTER_KEY_MISSING', 'no master key configured');

  let records = new Map<string, DataKeyRecord>();
  const unwrapped = new Map<string, Buffer>();
  let activeId = '';

  const reload = async (): Promise<void> => {
    records = new Map((await store.list()).map((r) => [r.id, r]));
  };

  const unwrap = (record: DataKeyRecord): Buffer => {
    const master = masters.find((m) => m.id === record.masterKeyId);
    if (master === undefined) {
      throw new ServerError(
        'MASTER_KEY_INVALID',
        `data key ${record.id} is wrapped by master key ${record.masterKeyId}, which is not configured (configured: ${masters.map((m) => m.id).join(', ')})`,
      );
    }
    const parts = record.wrapped.split('.');
    const key = parts.length === 3 && parts[0] === WRAPPED_VERSION
      ? gcmOpen(master.key, parts[1] ?? '', parts[2] ?? '', wrapAad(record.id))
      : undefined;
    if (key?.length !== DATA_KEY_BYTES) {
      throw new ServerError('MASTER_KEY_INVALID', `data key ${record.id} does not unwrap with master key ${master.id}: the stored record is corrupt`);
    }
    return key;
  };

  /** The data key's bytes; reloads the store once when the id or its master is not known yet. */
  const dataKey = async (id: string): Promise<Buffer> => {
    const cached = unwrapped.get(id);
    if (cached !== undefined) return cached;
    let record = records.get(id);
    if (record === undefined || !masters.some((m) => m.id === record?.masterKeyId)) {
      await reload();
      record = records.get(id);
    }
    if (record === undefined) throw new ServerError('DATA_KEY_MISSING', `data key ${id} is not in the database`);
    const key = unwrap(record);
    unwrapped.set(id, key);
    return key;
  };

  const insertNewDataKey = async (now: number): Promise<string> => {
    const id = newDataKeyId();
    const key = randomBytes(DATA_KEY_BYTES);
    const current = masters[0] as MasterKey;
    const record: DataKeyRecord = { id, masterKeyId: current.id, wrapped: wrapDataKey(current, id, key), createdAt: now, retiredAt: null };
    await store.insert(record);
    records.set(id, record);
    unwrapped.set(id, key);
    return id;
  };

  /** Re-reads the store and settles the active key, creating one when none is active. */
  const refreshActive = async (): Promise<string> => {
    await reload();
    activeId = pickActive(records.values())?.id ?? (await insertNewDataKey(clock()));
    checkedAt = clock();
    return activeId;
  };

  // Refuse a wrong master key at start, not at the first read of a secret.
  await reload();
  for (const record of records.values()) unwrapped.set(record.id, unwrap(record));
  await refreshActive();

  const open = async (sealed: string, aad: string): Promise<Buffer> => {
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    const [version, keyId, iv, body] = parts;
    if (parts.length !== 4 || version !== SEALED_VERSION || !keyId || iv === undefined || body === undefined) {
      throw new ServerError('DECRYPT_FAILED', `encrypted value for ${aad} is malformed`);
    }
    const plaintext = gcmOpen(await dataKey(keyId), iv, body, aad);
    if (plaintext === undefined) {
      throw new ServerError('DECRYPT_FAILED', `encrypted value for ${aad} does not decrypt: altered, or stored under another context`);
    }
    return plaintext;
  };

  return {
    get activeDataKeyId() {
      return activeId;
    },
    get masterKeyIds() {
      return masters.map((m) => m.id);
    },
    async seal(plaintext, aad) {
      // Re-read which key is active now and then, so a rotation by another process takes effect here too
      // without a read of the key table on every write (values sealed meanwhile stay readable).
      const id = clock() - checkedAt >= recheckMs ? await refreshActive() : activeId;
      const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      return `${SEALED_VERSION}.${id}.${gcmSeal(await dataKey(id), bytes, aad)}`;
    },
    open,
    async openText(sealed, aad) {
      const bytes = await open(sealed, aad);
      try {
        return UTF8_STRICT.decode(bytes);
      } catch {
        throw new ServerError('DECRYPT_FAILED', `encrypted value for ${aad} is not UTF-8 text`);
      }
    },
    async rotateDataKey(now) {
      const id = await insertNewDataKey(now);
      await reload();
      for (const r of records.values()) if (r.id !== id && r.retiredAt === null) await store.retire(r.id, now);
      await refreshActive();
      return id;
    },
    async rewrapAll(newMaster) {
      masters = [newMaster, ...masters.filter((m) => m.id !== newMaster.id)];
      let rewrapped = 0;
      // A few passes: another process may insert a key under the old master while this runs.
      for (let pass = 0; pass < 3; pass++) {
        await reload();
        const stale = [...records.values()].filter((r) => r.masterKeyId !== newMaster.id);
        if (stale.length === 0) return { rewrapped };
        for (const r of stale) {
          const wrapped = wrapDataKey(newMaster, r.id, await dataKey(r.id));
          if (await store.rewrap(r.id, r.masterKeyId, newMaster.id, wrapped)) rewrapped++;
        }
      }
      await reload();
      const left = [...records.values()].filter((r) => r.masterKeyId !== newMaster.id).map((r) => r.id);
      if (left.length > 0) throw new ServerError('CONFLICT', `data keys ${left.join(', ')} could not be re-wrapped; run it again`);
      return { rewrapped };
    },
  };
}
