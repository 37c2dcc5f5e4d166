/**
 * The audit chain's HMAC key: 32 random bytes, made on the first start and kept in `server_secrets`
 * sealed by the key ring, so every process over the same database uses the same key and someone who can
 * read the database but not the master key cannot forge entries.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { KeyRing } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import { ServerError } from '../../errors.js';

export const AUDIT_KEY_NAME = 'audit.chain_key';
const AUDIT_KEY_BYTES = 32;

/**
 * Reads the audit key, creating it when absent. Concurrent first starts converge on one key: each
 * inserts its own only if no row exists, then all read back the row that won. `now` (ms) is recorded
 * as the key's creation time when given.
 */
export async function loadOrCreateAuditKey(db: Kysely<Database>, keyRing: KeyRing, now?: number): Promise<Buffer> {
  const existing = await readSealed(db);
  if (existing === undefined) {
    const sealed = await keyRing.seal(randomBytes(AUDIT_KEY_BYTES), AUDIT_KEY_NAME);
    await db
      .insertInto('server_secrets')
      .values({ name: AUDIT_KEY_NAME, sealed, created_at: now ?? null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
  const sealed = existing ?? (await readSealed(db));
  if (sealed === undefined) throw new ServerError('INTERNAL', `server secret ${AUDIT_KEY_NAME} vanished right after it was written`);
  const key = await keyRing.open(sealed, AUDIT_KEY_NAME);
  if (key.length !== AUDIT_KEY_BYTES) {
    throw new ServerError('DECRYPT_FAILED', `server secret ${AUDIT_KEY_NAME} is ${key.length} bytes; expected ${AUDIT_KEY_BYTES}`);
  }
  return key;
}

async function readSealed(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('server_secrets').select('sealed').where('name', '=', AUDIT_KEY_NAME).executeTakeFirst();
  return row?.sealed;
}
