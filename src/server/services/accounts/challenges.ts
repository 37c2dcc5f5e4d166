/**
 * Sign-in, second step for users with 2FA. The first step hands out an opaque challenge (stored hashed,
 * 5 minutes, dead after 5 wrong codes); this step takes it with a TOTP code or a recovery code. Wrong codes
 * count toward the challenge's limit and the address's lockout, like wrong passwords.
 */
import type { ServerContext } from '../../context.js';
import { hashToken, newOpaqueToken } from '../../crypto/index.js';
import { newId } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { RequestMeta } from '../../http/access.js';
import { throttleKeyOf } from './email.js';
import { countFailure } from './failures.js';
import { acceptSecondFactor, type SecondFactor } from './second-factor.js';
import { signInPolicy } from './session-policy.js';
import { issueSession } from './sessions.js';
import { assertNotLocked, clearThrottle } from './throttle.js';
import type { SecondFactorInput, SignInResult } from './types.js';
import { auditUserEvent, type Executor } from './user-audit.js';
import { findUser, hasTotp, openTotpSecret } from './users.js';

export const CHALLENGE_PREFIX = 'psc_';
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;
export const CHALLENGE_MAX_FAILURES = 5;

export async function createChallenge(db: Executor, userId: string, now: number): Promise<{ token: string; expiresAt: number }> {
  const { token, hash } = newOpaqueToken(CHALLENGE_PREFIX);
  const expiresAt = now + CHALLENGE_LIFETIME_MS;
  await db.insertInto('sign_in_challenges').values({ id: newId('chl'), token_hash: hash, user_id: userId, created_at: now, expires_at: expiresAt, used_at: null, failures: 0 }).execute();
  return { token, expiresAt };
}

function deadChallenge(): ServerError {
  return new ServerError('UNAUTHENTICATED', 'This sign-in challenge has expired or was used up: sign in again with your password', { field: 'challenge' });
}

function factorOf(input: SecondFactorInput): SecondFactor {
  const hasCode = input.code !== undefined;
  const hasRecovery = input.recoveryCode !== undefined;
  if (hasCode === hasRecovery) throw new ServerError('VALIDATION', 'code: send either code or recoveryCode, not both or neither', { field: 'code' });
  return hasCode ? { kind: 'totp', code: input.code ?? '' } : { kind: 'recovery', code: input.recoveryCode ?? '' };
}

export async function completeSignIn(ctx: ServerContext, input: SecondFactorInput, meta: RequestMeta): Promise<SignInResult> {
  const factor = factorOf(input);
  const challenge = typeof input.challenge === 'string' && input.challenge.startsWith(CHALLENGE_PREFIX)
    ? await ctx.db.selectFrom('sign_in_challenges').selectAll().where('token_hash', '=', hashToken(input.challenge)).executeTakeFirst()
    : undefined;
  if (challenge === undefined || challenge.used_at !== null || Number(challenge.expires_at) <= ctx.clock() || Number(challenge.failures) >= CHALLENGE_MAX_FAILURES) {
    throw deadChallenge();
  }
  const user = await findUser(ctx.db, challenge.user_id);
  if (user === undefined || user.disabled_at !== null || !hasTotp(user)) throw deadChallenge();
  const key = throttleKeyOf(user.email);
  await assertNotLocked(ctx.db, key, ctx.clock());
  const secret = await openTotpSecret(ctx, user);
  const policy = await signInPolicy(ctx.db, user.id);

  const session = await ctx.db.transaction().execute(async (trx) => {
    if (!(await acceptSecondFactor(ctx, trx, user, secret, factor))) return null;
    const now = ctx.clock();
    const claimed = await trx
      .updateTable('sign_in_challenges')
      .set({ used_at: now })
      .where('id', '=', challenge.id)
      .where('used_at', 'is', null)
      .where('failures', '<', CHALLENGE_MAX_FAILURES)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    // Another request finished this challenge first: this one must not sign in too (its writes roll back).
    if (Number(claimed.numUpdatedRows) !== 1) throw deadChallenge();
    const issued = await issueSession(trx, user.id, { stage: 'full', idleTimeoutMs: policy.idleTimeoutMs, maxAgeMs: policy.maxAgeMs, now, meta });
    await clearThrottle(trx, key);
    if (factor.kind === 'recovery') {
      await auditUserEvent(ctx, { action: 'user.2fa_recovery_used', user, details: { during: 'sign_in' }, meta }, trx);
    }
    const method = factor.kind === 'totp' ? 'password+totp' : 'password+recovery_code';
    await auditUserEvent(ctx, { action: 'user.login', user, target: { type: 'session', id: issued.sessionId }, details: { method, stage: 'full' }, meta }, trx);
    return issued;
  });

  if (session === null) {
    await ctx.db.updateTable('sign_in_challenges').set((eb) => ({ failures: eb('failures', '+', 1) })).where('id', '=', challenge.id).execute();
    await countFailure(ctx, { key, email: user.email, user, reason: factor.kind === 'totp' ? 'totp_invalid' : 'recovery_code_invalid', meta });
    throw new ServerError('TOTP_INVALID', factor.kind === 'totp' ? 'The code is wrong or was already used' : 'The recovery code is wrong or was already used', {
      field: factor.kind === 'totp' ? 'code' : 'recoveryCode',
    });
  }
  return { status: 'signed_in', ...session };
}
