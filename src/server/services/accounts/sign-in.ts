/**
 * Sign-in, first step: email and password. Unknown address, wrong password, disabled account and an
 * account without a password all get the same INVALID_CREDENTIALS after the same argon2 work, and all
 * count toward the address's lockout. While locked, the answer is LOCKED_OUT and no password is checked.
 * A right password then leads to one of: a full session, an enrolment-stage session (a team requires 2FA
 * the user lacks), or a TOTP challenge (the user has 2FA).
 */
import type { ServerContext } from '../../context.js';
import { verifyAgainstDummy, verifyPassword } from '../../crypto/index.js';
import { ServerError } from '../../errors.js';
import type { RequestMeta } from '../../http/access.js';
import { createChallenge } from './challenges.js';
import { countFailure, invalidCredentials } from './failures.js';
import { normaliseEmail, throttleKeyOf } from './email.js';
import { signInPolicy } from './session-policy.js';
import { issueSession } from './sessions.js';
import { assertNotLocked, clearThrottle } from './throttle.js';
import type { SignInInput, SignInResult } from './types.js';
import { auditUserEvent } from './user-audit.js';
import { findUserByEmail, hasTotp } from './users.js';

export async function signIn(ctx: ServerContext, input: SignInInput, meta: RequestMeta): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const key = throttleKeyOf(email);
  await assertNotLocked(ctx.db, key, ctx.clock());

  const user = await findUserByEmail(ctx.db, email);
  const passwordOk = user?.password_hash != null ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);
  const reason = user === undefined ? 'unknown_email' : user.disabled_at !== null ? 'account_disabled' : !passwordOk ? 'wrong_password' : null;
  if (user === undefined || reason !== null) {
    await countFailure(ctx, { key, email, user: user ?? null, reason: reason ?? 'unknown_email', meta });
    throw invalidCredentials();
  }

  const policy = await signInPolicy(ctx.db, user.id);
  const refusing = policy.refusingTeams('password');
  if (refusing.length > 0) {
    await auditUserEvent(ctx, { action: 'user.login_failed', user, details: { reason: 'sign_in_method_not_allowed', method: 'password', teams: refusing }, meta });
    throw new ServerError('SIGN_IN_METHOD_NOT_ALLOWED', `Your team ${refusing[0] ?? ''} does not allow signing in with a password: use single sign-on`, {
      details: { teams: refusing },
    });
  }

  if (hasTotp(user)) {
    const challenge = await createChallenge(ctx.db, user.id, ctx.clock());
    return { status: 'totp_required', challenge: challenge.token, expiresAt: challenge.expiresAt };
  }

  const stage = policy.requireTwoFactor ? 'totp_enrolment' : 'full';
  const now = ctx.clock();
  const session = await ctx.db.transaction().execute(async (trx) => {
    const issued = await issueSession(trx, user.id, { stage, idleTimeoutMs: policy.idleTimeoutMs, maxAgeMs: policy.maxAgeMs, now, meta });
    await clearThrottle(trx, key);
    await auditUserEvent(ctx, { action: 'user.login', user, target: { type: 'session', id: issued.sessionId }, details: { method: 'password', stage }, meta }, trx);
    return issued;
  });
  return { status: stage === 'full' ? 'signed_in' : 'enrolment_required', ...session };
}
