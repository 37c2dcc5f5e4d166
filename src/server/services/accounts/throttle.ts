/**
 * Lockout with backoff after repeated failed sign-ins, kept in the database (`login_throttle`) so every
 * server process sees the same count. Keyed by a hash of the normalised email, so unknown addresses are
 * throttled exactly like real ones. 5 failures within 15 minutes lock the key for 1 minute; each further
 * lockout doubles that, up to 1 hour. A success clears the key; a quiet day forgets earlier lockouts.
 *
 * Writes are compare-and-set (no transaction, no row lock): a change applies only if the row is still as
 * read, otherwise it is read again. Two processes counting at once therefore never lose a failure.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, LoginThrottleTable } from '../../db/index.js';
import { ServerError } from '../../errors.js';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 60 * 60_000;
/** A key unlocked for this long starts again from a one-minute lock. */
export const LOCKOUT_MEMORY_MS = 24 * 60 * 60_000;

export interface ThrottleState {
  readonly failures: number;
  readonly firstFailureAt: number;
  readonly lockedUntil: number | null;
  readonly lockouts: number;
}

/** Milliseconds the key stays locked, or 0 when it is not locked. */
export function lockRemaining(state: ThrottleState | null, now: number): number {
  if (state === null || state.lockedUntil === null) return 0;
  return Math.max(0, state.lockedUntil - now);
}

export function lockDuration(previousLockouts: number): number {
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(previousLockouts, 20));
}

/** The state after one more failure at `now` (the caller has checked the key is not locked). */
export function afterFailure(state: ThrottleState | null, now: number): { next: ThrottleState; locked: boolean } {
  const lockouts = state !== null && state.lockedUntil !== null && now - state.lockedUntil >= LOCKOUT_MEMORY_MS ? 0 : state?.lockouts ?? 0;
  // A new window starts after a lock ends (failures were reset then) or when the old one ran out.
  const fresh = state === null || state.failures === 0 || now - state.firstFailureAt >= FAILURE_WINDOW_MS;
  const failures = fresh ? 1 : state.failures + 1;
  const firstFailureAt = fresh ? now : state.firstFailureAt;
  if (failures >= MAX_FAILURES) {
    return { next: { failures: 0, firstFailureAt: now, lockedUntil: now + lockDuration(lockouts), lockouts: lockouts + 1 }, locked: true };
  }
  return { next: { failures, firstFailureAt, lockedUntil: state?.lockedUntil ?? null, lockouts }, locked: false };
}

function toState(row: Selectable<LoginThrottleTable>): ThrottleState {
  return {
    failures: Number(row.failures),
    firstFailureAt: Number(row.first_failure_at),
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    lockouts: Number(row.lockouts),
  };
}

export async function readThrottle(db: Kysely<Database>, key: string): Promise<ThrottleState | null> {
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  return row === undefined ? null : toState(row);
}

export interface FailureOutcome {
  /** True when this failure locked the key. */
  readonly locked: boolean;
  readonly lockedUntil: number | null;
}

const CAS_ATTEMPTS = 20;

/** Counts one failure for `key` at `now`, atomically with respect to other processes. */
export async function recordFailure(db: Kysely<Database>, key: string, now: number): Promise<FailureOutcome> {
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    const current = await readThrottle(db, key);
    const { next, locked } = afterFailure(current, now);
    const values = { failures: next.failures, first_failure_at: next.firstFailureAt, locked_until: next.lockedUntil, lockouts: next.lockouts };
    if (current === null) {
      const inserted = await db.insertInto('login_throttle').values({ key, ...values }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { locked, lockedUntil: next.lockedUntil };
      continue;
    }
    let update = db
      .updateTable('login_throttle')
      .set(values)
      .where('key', '=', key)
      .where('failures', '=', current.failures)
      .where('first_failure_at', '=', current.firstFailureAt)
      .where('lockouts', '=', current.lockouts);
    update = current.lockedUntil === null ? update.where('locked_until', 'is', null) : update.where('locked_until', '=', current.lockedUntil);
    const updated = await update.executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) return { locked, lockedUntil: next.lockedUntil };
  }
  // Twenty concurrent writers on one key in a row: treat it as an attack and lock without counting.
  const lockedUntil = now + FIRST_LOCK_MS;
  await db.updateTable('login_throttle').set({ locked_until: lockedUntil, failures: 0, first_failure_at: now }).where('key', '=', key).execute();
  return { locked: true, lockedUntil };
}

export async function clearThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

export function lockedOutError(remainingMs: number): ServerError {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return new ServerError('LOCKED_OUT', `Too many failed attempts: try again in ${seconds} s`, { retryAfterSeconds: seconds });
}

/** Throws LOCKED_OUT (with Retry-After) while `key` is locked; nothing else is checked first. */
export async function assertNotLocked(db: Kysely<Database>, key: string, now: number): Promise<void> {
  const remaining = lockRemaining(await readThrottle(db, key), now);
  if (remaining > 0) throw lockedOutError(remaining);
}
