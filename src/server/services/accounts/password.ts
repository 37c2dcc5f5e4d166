/**
 * Changing one's password: the current one is checked (counting toward the lockout), the new one must
 * pass the policy, and every other session of the user ends, so whoever knew the old password is out.
 */
import type { ServerContext } from '../../context.js';
import { checkPasswordPolicy, hashPassword } from '../../crypto/index.js';
import { ServerError, isServerError } from '../../errors.js';
import type { RequestMeta } from '../../http/access.js';
import { assertPasswordOfSignedInUser } from './failures.js';
import { revokeSessionsOfUser } from './sessions.js';
import type { SessionPrincipal } from './types.js';
import { auditUserEvent } from './user-audit.js';
import { loadSignedInUser } from './users.js';

export async function changePassword(
  ctx: ServerContext,
  principal: SessionPrincipal,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<number> {
  const user = await loadSignedInUser(ctx.db, principal.userId);
  await assertPasswordOfSignedInUser(ctx, user, input.currentPassword, { field: 'currentPassword', during: 'password_change', meta });
  try {
    checkPasswordPolicy(input.newPassword);
  } catch (error) {
    // The policy names `password`; here the field is `newPassword`.
    if (isServerError(error) && error.code === 'WEAK_PASSWORD') throw new ServerError('WEAK_PASSWORD', `newPassword: ${error.message.replace(/^password /, '')}`, { field: 'newPassword' });
    throw error;
  }
  if (input.newPassword === input.currentPassword) {
    throw new ServerError('WEAK_PASSWORD', 'newPassword: must differ from the current password', { field: 'newPassword' });
  }
  const hash = await hashPassword(input.newPassword);
  const now = ctx.clock();
  return ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: now }).where('id', '=', user.id).execute();
    const revoked = await revokeSessionsOfUser(trx, user.id, 'password_change', now, principal.sessionId);
    await auditUserEvent(ctx, { action: 'user.password_change', user, details: { otherSessionsRevoked: revoked }, meta }, trx);
    return revoked;
  });
}
