/**
 * What every service of the team server is handed: the database, the key ring that seals secrets at
 * rest, the key of the audit chain, and the clock (injected so tests move time without sleeping).
 * Nothing here is per-process state that would break several processes sharing one PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { KeyRing } from './crypto/index.js';
import type { Database, DatabaseKind } from './db/index.js';

export interface ServerContext {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  readonly keyRing: KeyRing;
  /** HMAC key of the audit hash chain, kept sealed in the database under the key ring. */
  readonly auditKey: Buffer;
  readonly clock: () => number;
}
