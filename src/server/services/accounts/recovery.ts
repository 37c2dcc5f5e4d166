/**
 * 2FA recovery codes: ten at a time, shown once, stored as hashes. Using one is a conditional UPDATE
 * (`used_at IS NULL`) whose row count decides, so two requests racing with one code cannot both win.
 */
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from '../../crypto/index.js';
import { newId } from '../../db/index.js';
import type { Executor } from './user-audit.js';

/** Replaces the user's recovery codes with fresh ones and returns them (the only time they are readable). */
export async function replaceRecoveryCodes(db: Executor, userId: string, now: number): Promise<string[]> {
  const { codes, hashes } = newRecoveryCodes();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(hashes.map((hash) => ({ id: newId('rc'), user_id: userId, code_hash: hash, created_at: now, used_at: null })))
    .execute();
  return codes;
}

export async function deleteRecoveryCodes(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

/** Spends one recovery code; true when it was the user's and unused until now. */
export async function useRecoveryCode(db: Executor, userId: string, code: string, now: number): Promise<boolean> {
  if (typeof code !== 'string' || normaliseRecoveryCode(code).length === 0) return false;
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) >= 1;
}
