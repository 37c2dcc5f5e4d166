/**
 * Checking a second factor once only. A TOTP code is matched in memory (±1 step, never a step at or
 * before the last accepted one), then its step is claimed with a conditional UPDATE: of two processes
 * that both matched the same code, only the one whose UPDATE changed the row accepts it.
 */
import type { ServerContext } from '../../context.js';
import { matchTotp } from '../../crypto/index.js';
import { useRecoveryCode } from './recovery.js';
import type { Executor } from './user-audit.js';
import type { UserRow } from './users.js';

/** Claims `step` as the user's last TOTP step unless an equal or later one was claimed. */
export async function claimTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** True when `code` is a current TOTP code for `secret` not used before, and now is used. */
export async function acceptTotpCode(ctx: ServerContext, db: Executor, user: UserRow, secret: string, code: string): Promise<boolean> {
  const lastStep = user.totp_last_step === null ? null : Number(user.totp_last_step);
  const step = matchTotp(secret, code, ctx.clock(), lastStep);
  if (step === null) return false;
  return claimTotpStep(db, user.id, step);
}

export type SecondFactor = { readonly kind: 'totp'; readonly code: string } | { readonly kind: 'recovery'; readonly code: string };

const TOTP_SHAPE = /^\s*\d{6}\s*$/;

/** A code typed where either is accepted: six digits are a TOTP code, anything else a recovery code. */
export function classifyCode(code: string): SecondFactor {
  return TOTP_SHAPE.test(code) ? { kind: 'totp', code: code.trim() } : { kind: 'recovery', code };
}

/** Checks and spends a second factor; `secret` is the opened TOTP secret (opened before any transaction). */
export async function acceptSecondFactor(ctx: ServerContext, db: Executor, user: UserRow, secret: string, factor: SecondFactor): Promise<boolean> {
  return factor.kind === 'totp' ? acceptTotpCode(ctx, db, user, secret, factor.code) : useRecoveryCode(db, user.id, factor.code, ctx.clock());
}
