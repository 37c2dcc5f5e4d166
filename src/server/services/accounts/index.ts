/**
 * Accounts: sign-up, sign-in with lockout and TOTP two-factor, sessions, password change, the profile.
 * `createAccountsService(ctx)` is the face the HTTP routes and the app's guard use; `revokeAllSessions`
 * is for other areas (an admin signing a member out).
 */
import type { ServerContext } from '../../context.js';
import type { RequestMeta } from '../../http/access.js';
import { completeSignIn } from './challenges.js';
import { changePassword } from './password.js';
import { profileOf } from './profile.js';
import { authenticateSession, listActiveSessions, revokeSessionOfUser, revokeSessionsOfUser } from './sessions.js';
import { signIn } from './sign-in.js';
import { signUp } from './signup.js';
import { confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes, startTotpEnrolment } from './two-factor.js';
import type { AccountsService, SessionPrincipal } from './types.js';
import { auditUserEvent } from './user-audit.js';
import { ServerError } from '../../errors.js';

export type * from './types.js';
export { revokeAllSessions, SESSION_TOKEN_PREFIX } from './sessions.js';
export { CHALLENGE_PREFIX } from './challenges.js';
export { normaliseEmail } from './email.js';

export function createAccountsService(ctx: ServerContext): AccountsService {
  const user = (p: SessionPrincipal) => ({ id: p.userId, email: p.email });
  return {
    signUp: (input, meta) => signUp(ctx, input, meta),
    signIn: (input, meta) => signIn(ctx, input, meta),
    completeSignIn: (input, meta) => completeSignIn(ctx, input, meta),
    authenticateSession: (token: string, _meta: RequestMeta) => authenticateSession(ctx, token),
    async signOut(principal, meta) {
      await ctx.db.transaction().execute(async (trx) => {
        if (await revokeSessionOfUser(trx, principal.userId, principal.sessionId, 'sign_out', ctx.clock())) {
          await auditUserEvent(ctx, { action: 'user.logout', user: user(principal), target: { type: 'session', id: principal.sessionId }, meta }, trx);
        }
      });
    },
    signOutEverywhere: (principal, meta) =>
      ctx.db.transaction().execute(async (trx) => {
        const revoked = await revokeSessionsOfUser(trx, principal.userId, 'sign_out_everywhere', ctx.clock());
        await auditUserEvent(ctx, { action: 'user.logout_all', user: user(principal), details: { sessionsRevoked: revoked }, meta }, trx);
        return revoked;
      }),
    listSessions: (principal) => listActiveSessions(ctx, principal),
    async revokeSession(principal, sessionId, meta) {
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await revokeSessionOfUser(trx, principal.userId, sessionId, 'revoked_by_user', ctx.clock()))) {
          throw new ServerError('NOT_FOUND', `No live session ${sessionId} of yours`, { field: 'sessionId' });
        }
        await auditUserEvent(ctx, { action: 'session.revoke', user: user(principal), target: { type: 'session', id: sessionId }, details: { current: sessionId === principal.sessionId }, meta }, trx);
      });
    },
    changePassword: (principal, input, meta) => changePassword(ctx, principal, input, meta),
    startTotpEnrolment: (principal) => startTotpEnrolment(ctx, principal),
    confirmTotpEnrolment: (principal, code, meta) => confirmTotpEnrolment(ctx, principal, code, meta),
    disableTotp: (principal, input, meta) => disableTotp(ctx, principal, input, meta),
    regenerateRecoveryCodes: (principal, password, meta) => regenerateRecoveryCodes(ctx, principal, password, meta),
    profile: (principal) => profileOf(ctx, principal),
  };
}
