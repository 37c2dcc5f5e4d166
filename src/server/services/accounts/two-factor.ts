/**
 * TOTP two-factor: enrol (a sealed secret, not yet active), confirm with a first code (active; ten recovery
 * codes shown once; an enrolment-stage session becomes a full one), disable, regenerate recovery codes.
 *
 * Disabling while a team requires 2FA is allowed (it is also how someone who lost their device moves
 * to a new one), but every live session of the user drops to the enrolment stage: nothing but enrolment
 * is reachable until 2FA is back, so the team's rule still holds.
 */
import type { ServerContext } from '../../context.js';
import { newTotpSecret, totpUri } from '../../crypto/index.js';
import { ServerError } from '../../errors.js';
import type { RequestMeta } from '../../http/access.js';
import { assertPasswordOfSignedInUser, countFailure } from './failures.js';
import { throttleKeyOf } from './email.js';
import { deleteRecoveryCodes, replaceRecoveryCodes } from './recovery.js';
import { acceptSecondFactor, acceptTotpCode, classifyCode } from './second-factor.js';
import { signInPolicy } from './session-policy.js';
import { assertNotLocked } from './throttle.js';
import type { RecoveryCodes, SessionPrincipal, TotpEnrolment } from './types.js';
import { auditUserEvent } from './user-audit.js';
import { hasTotp, loadSignedInUser, openTotpSecret, totpAad } from './users.js';

export async function startTotpEnrolment(ctx: ServerContext, principal: SessionPrincipal): Promise<TotpEnrolment> {
  const user = await loadSignedInUser(ctx.db, principal.userId);
  if (hasTotp(user)) throw new ServerError('TOTP_ALREADY_ENABLED', 'Two-factor authentication is already on: disable it first to change devices');
  const secret = newTotpSecret();
  const sealed = await ctx.keyRing.seal(secret, totpAad(user.id));
  // Only while not enabled: a concurrent confirm cannot have its active secret replaced.
  const result = await ctx.db
    .updateTable('users')
    .set({ totp_secret_sealed: sealed, totp_last_step: null })
    .where('id', '=', user.id)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ServerError('TOTP_ALREADY_ENABLED', 'Two-factor authentication is already on');
  return { secret, otpauthUri: totpUri(secret, user.email) };
}

export async function confirmTotpEnrolment(ctx: ServerContext, principal: SessionPrincipal, code: string, meta: RequestMeta): Promise<RecoveryCodes> {
  const user = await loadSignedInUser(ctx.db, principal.userId);
  if (hasTotp(user)) throw new ServerError('TOTP_ALREADY_ENABLED', 'Two-factor authentication is already on');
  if (user.totp_secret_sealed === null) throw new ServerError('TOTP_NOT_ENABLED', 'Start enrolment first: POST /me/2fa/enrol');
  const key = throttleKeyOf(user.email);
  await assertNotLocked(ctx.db, key, ctx.clock());
  const secret = await openTotpSecret(ctx, user);
  const sealed = user.totp_secret_sealed;
  const codes = await ctx.db.transaction().execute(async (trx) => {
    if (!(await acceptTotpCode(ctx, trx, user, secret, code))) return null;
    const now = ctx.clock();
    // The secret must still be the one the code was checked against (no enrolment restarted meanwhile).
    const enabled = await trx
      .updateTable('users')
      .set({ totp_enabled_at: now })
      .where('id', '=', user.id)
      .where('totp_enabled_at', 'is', null)
      .where('totp_secret_sealed', '=', sealed)
      .executeTakeFirst();
    if (Number(enabled.numUpdatedRows) !== 1) throw new ServerError('CONFLICT', 'Enrolment changed while confirming: start again');
    const recoveryCodes = await replaceRecoveryCodes(trx, user.id, now);
    await trx.updateTable('sessions').set({ stage: 'full' }).where('id', '=', principal.sessionId).execute();
    await auditUserEvent(ctx, { action: 'user.2fa_enrol', user, details: { method: 'totp' }, meta }, trx);
    return recoveryCodes;
  });
  if (codes === null) {
    await countFailure(ctx, { key, email: user.email, user, reason: 'totp_invalid', during: '2fa_enrol', meta });
    throw new ServerError('TOTP_INVALID', 'code: the code is wrong or was already used', { field: 'code' });
  }
  return { recoveryCodes: codes };
}

/** `code` may be a current TOTP code or an unused recovery code (for a lost device). */
export async function disableTotp(ctx: ServerContext, principal: SessionPrincipal, input: { password: string; code: string }, meta: RequestMeta): Promise<void> {
  const user = await loadSignedInUser(ctx.db, principal.userId);
  if (!hasTotp(user)) throw new ServerError('TOTP_NOT_ENABLED', 'Two-factor authentication is not on');
  await assertPasswordOfSignedInUser(ctx, user, input.password, { field: 'password', during: '2fa_disable', meta });
  const secret = await openTotpSecret(ctx, user);
  const factor = classifyCode(input.code);
  const policy = await signInPolicy(ctx.db, user.id);
  const done = await ctx.db.transaction().execute(async (trx) => {
    if (!(await acceptSecondFactor(ctx, trx, user, secret, factor))) return false;
    await trx.updateTable('users').set({ totp_secret_sealed: null, totp_enabled_at: null }).where('id', '=', user.id).execute();
    await deleteRecoveryCodes(trx, user.id);
    if (policy.requireTwoFactor) {
      await trx.updateTable('sessions').set({ stage: 'totp_enrolment' }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    }
    if (factor.kind === 'recovery') await auditUserEvent(ctx, { action: 'user.2fa_recovery_used', user, details: { during: '2fa_disable' }, meta }, trx);
    await auditUserEvent(ctx, { action: 'user.2fa_disable', user, details: { with: factor.kind, teamRequiresTwoFactor: policy.requireTwoFactor }, meta }, trx);
    return true;
  });
  if (!done) {
    await countFailure(ctx, { key: throttleKeyOf(user.email), email: user.email, user, reason: factor.kind === 'totp' ? 'totp_invalid' : 'recovery_code_invalid', during: '2fa_disable', meta });
    throw new ServerError('TOTP_INVALID', 'code: the code is wrong or was already used', { field: 'code' });
  }
}

export async function regenerateRecoveryCodes(ctx: ServerContext, principal: SessionPrincipal, password: string, meta: RequestMeta): Promise<RecoveryCodes> {
  const user = await loadSignedInUser(ctx.db, principal.userId);
  if (!hasTotp(user)) throw new ServerError('TOTP_NOT_ENABLED', 'Two-factor authentication is not on');
  await assertPasswordOfSignedInUser(ctx, user, password, { field: 'password', during: '2fa_recovery_regenerate', meta });
  const now = ctx.clock();
  const codes = await ctx.db.transaction().execute(async (trx) => {
    const fresh = await replaceRecoveryCodes(trx, user.id, now);
    await auditUserEvent(ctx, { action: 'user.2fa_recovery_regenerated', user, details: { count: fresh.length }, meta }, trx);
    return fresh;
  });
  return { recoveryCodes: codes };
}
