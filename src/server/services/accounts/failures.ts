/** Failed sign-ins and second factors: the one answer they share, the lockout count, the audit entries. */
import type { ServerContext } from '../../context.js';
import { ServerError } from '../../errors.js';
import type { RequestMeta } from '../../http/access.js';
import { throttleKeyOf } from './email.js';
import { assertNotLocked, recordFailure } from './throttle.js';
import { auditUnknownEmail, auditUserEvent } from './user-audit.js';
import { verifyPassword } from '../../crypto/index.js';
import type { UserRow } from './users.js';

/** The one answer for unknown address, wrong password and disabled account. */
export function invalidCredentials(): ServerError {
  return new ServerError('INVALID_CREDENTIALS', 'The email or password is wrong');
}

/**
 * Counts a failed sign-in (or second factor) toward the address's lockout and audits it, and the lockout
 * when this failure caused one. `user` null: an address with no account (audited in the system chain).
 */
export async function countFailure(
  ctx: ServerContext,
  failure: { key: string; email: string; user: Pick<UserRow, 'id' | 'email'> | null; reason: string; during?: string; meta: RequestMeta },
): Promise<void> {
  const outcome = await recordFailure(ctx.db, failure.key, ctx.clock());
  const details = { reason: failure.reason, during: failure.during ?? 'sign_in' };
  const lockDetails = { lockedUntil: outcome.lockedUntil };
  if (failure.user === null) {
    await auditUnknownEmail(ctx, 'user.login_failed', failure.email, details, failure.meta);
    if (outcome.locked) await auditUnknownEmail(ctx, 'user.locked_out', failure.email, lockDetails, failure.meta);
    return;
  }
  await auditUserEvent(ctx, { action: 'user.login_failed', user: failure.user, details, meta: failure.meta });
  if (outcome.locked) await auditUserEvent(ctx, { action: 'user.locked_out', user: failure.user, details: lockDetails, meta: failure.meta });
}

/**
 * Re-checks a signed-in user's password before a sensitive change (password, 2FA). Wrong passwords count
 * toward the same lockout as sign-ins, so a stolen session cannot be used to guess the password.
 */
export async function assertPasswordOfSignedInUser(
  ctx: ServerContext,
  user: UserRow,
  password: string,
  context: { field: string; during: string; meta: RequestMeta },
): Promise<void> {
  const key = throttleKeyOf(user.email);
  await assertNotLocked(ctx.db, key, ctx.clock());
  const ok = user.password_hash !== null && (await verifyPassword(user.password_hash, password));
  if (ok) return;
  await countFailure(ctx, { key, email: user.email, user, reason: 'wrong_password', during: context.during, meta: context.meta });
  throw new ServerError('INVALID_CREDENTIALS', `${context.field}: the password is wrong`, { field: context.field });
}
