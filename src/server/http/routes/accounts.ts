/**
 * Account routes: sign-up, sign-in (password, then a TOTP or recovery code when the user has 2FA),
 * sign-out, the user's sessions, password change, 2FA management and the profile. All `/me` routes need
 * a signed-in session (API keys cannot manage accounts); the 2FA enrolment routes, `GET /me` and sign-out
 * are also open to a session that must enrol in 2FA before anything else.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../crypto/index.js';
import { ServerError } from '../../errors.js';
import type { AccountsService, SessionPrincipal } from '../../services/accounts/index.js';
import type { RoutePlugin } from '../app.js';
import { principalOf } from '../guard.js';

const AUTH_TAGS = ['auth'];
const ME_TAGS = ['me'];
const USER = { kind: 'user' } as const;
const USER_OR_ENROLMENT = { kind: 'user', enrolment: true } as const;
const PUBLIC = { kind: 'public' } as const;

// Limits here only bound the input; the policies (password rules, email shape) live in the service.
const Password = z.string().max(PASSWORD_MAX_LENGTH * 4);
const Code = z.string().min(1).max(64);

const SignUpBody = z.strictObject({ email: z.email().max(254), name: z.string().trim().min(1).max(200), password: Password });
const SignInBody = z.strictObject({ email: z.string().min(1).max(320), password: Password });
const SecondFactorBody = z.strictObject({ challenge: z.string().min(1).max(200), code: Code.optional(), recoveryCode: Code.optional() });
const PasswordChangeBody = z.strictObject({ currentPassword: Password, newPassword: Password });
const ConfirmBody = z.strictObject({ code: Code });
const DisableBody = z.strictObject({ password: Password, code: Code });
const RegenerateBody = z.strictObject({ password: Password });
const SessionParams = z.strictObject({ sessionId: z.string().min(1).max(200) });

const Stage = z.enum(['full', 'totp_enrolment']);
const SessionIssued = { token: z.string(), sessionId: z.string(), stage: Stage, expiresAt: z.number(), idleTimeoutMs: z.number() };
const SignInAnswer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed_in'), ...SessionIssued }),
  z.object({ status: z.literal('enrolment_required'), ...SessionIssued }),
  z.object({ status: z.literal('totp_required'), challenge: z.string(), expiresAt: z.number() }),
]);
const SessionView = z.object({
  id: z.string(),
  stage: Stage,
  createdAt: z.number(),
  lastSeenAt: z.number(),
  expiresAt: z.number(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
const RecoveryCodesView = z.object({ recoveryCodes: z.array(z.string()) });
const ProfileView = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), twoFactorEnabled: z.boolean(), createdAt: z.number() }),
  teams: z.array(z.object({ id: z.string(), name: z.string(), plan: z.string(), roles: z.array(z.string()) })),
});
const Done = z.object({ status: z.literal('ok') });

function sessionOf(request: FastifyRequest): SessionPrincipal {
  const principal = principalOf(request);
  // The guard already refuses API keys on these routes; this narrows the type and guards a misconfiguration.
  if (principal.kind !== 'session') throw new ServerError('FORBIDDEN', 'This route needs a signed-in session');
  return principal;
}

export function accountRoutes(accounts: AccountsService): RoutePlugin {
  return (app) => {
    app.post(
      '/auth/sign-up',
      {
        config: { access: PUBLIC },
        schema: {
          tags: AUTH_TAGS,
          summary: 'Create an account (the answer is the same when the email is taken; sign in next)',
          body: SignUpBody,
          response: { 202: z.object({ status: z.literal('accepted') }) },
        },
      },
      async (request, reply) => reply.status(202).send(await accounts.signUp(request.body, request.access.meta)),
    );

    app.post(
      '/auth/sign-in',
      { config: { access: PUBLIC }, schema: { tags: AUTH_TAGS, summary: 'Sign in with email and password', body: SignInBody, response: { 200: SignInAnswer } } },
      async (request) => accounts.signIn(request.body, request.access.meta),
    );

    app.post(
      '/auth/sign-in/totp',
      {
        config: { access: PUBLIC },
        schema: { tags: AUTH_TAGS, summary: 'Finish a 2FA sign-in with a TOTP code or a recovery code', body: SecondFactorBody, response: { 200: SignInAnswer } },
      },
      async (request) => accounts.completeSignIn(request.body, request.access.meta),
    );

    app.post(
      '/auth/sign-out',
      { config: { access: USER_OR_ENROLMENT }, schema: { tags: AUTH_TAGS, summary: 'End this session', response: { 200: Done } } },
      async (request) => {
        await accounts.signOut(sessionOf(request), request.access.meta);
        return { status: 'ok' as const };
      },
    );

    app.post(
      '/auth/sign-out-everywhere',
      {
        config: { access: USER_OR_ENROLMENT },
        schema: { tags: AUTH_TAGS, summary: 'End every session of yours, this one included', response: { 200: z.object({ status: z.literal('ok'), sessionsRevoked: z.number() }) } },
      },
      async (request) => ({ status: 'ok' as const, sessionsRevoked: await accounts.signOutEverywhere(sessionOf(request), request.access.meta) }),
    );

    app.get(
      '/me',
      { config: { access: USER_OR_ENROLMENT }, schema: { tags: ME_TAGS, summary: 'You and your teams', response: { 200: ProfileView } } },
      async (request) => accounts.profile(sessionOf(request)),
    );

    app.get(
      '/me/sessions',
      { config: { access: USER }, schema: { tags: ME_TAGS, summary: 'Your live sessions', response: { 200: z.object({ sessions: z.array(SessionView) }) } } },
      async (request) => ({ sessions: await accounts.listSessions(sessionOf(request)) }),
    );

    app.delete(
      '/me/sessions/:sessionId',
      { config: { access: USER }, schema: { tags: ME_TAGS, summary: 'End one of your sessions', params: SessionParams, response: { 200: Done } } },
      async (request) => {
        await accounts.revokeSession(sessionOf(request), request.params.sessionId, request.access.meta);
        return { status: 'ok' as const };
      },
    );

    app.post(
      '/me/password',
      {
        config: { access: USER },
        schema: {
          tags: ME_TAGS,
          summary: 'Change your password (ends your other sessions)',
          body: PasswordChangeBody,
          response: { 200: z.object({ status: z.literal('ok'), otherSessionsRevoked: z.number() }) },
        },
      },
      async (request) => ({ status: 'ok' as const, otherSessionsRevoked: await accounts.changePassword(sessionOf(request), request.body, request.access.meta) }),
    );

    app.post(
      '/me/2fa/enrol',
      {
        config: { access: USER_OR_ENROLMENT },
        schema: { tags: ME_TAGS, summary: 'Start TOTP enrolment: a secret to add to an authenticator app', response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }) } },
      },
      async (request) => accounts.startTotpEnrolment(sessionOf(request), request.access.meta),
    );

    app.post(
      '/me/2fa/confirm',
      {
        config: { access: USER_OR_ENROLMENT },
        schema: { tags: ME_TAGS, summary: 'Turn TOTP on with a first code; returns recovery codes once', body: ConfirmBody, response: { 200: RecoveryCodesView } },
      },
      async (request) => accounts.confirmTotpEnrolment(sessionOf(request), request.body.code, request.access.meta),
    );

    app.post(
      '/me/2fa/disable',
      {
        config: { access: USER },
        schema: { tags: ME_TAGS, summary: 'Turn TOTP off (password and a TOTP or recovery code)', body: DisableBody, response: { 200: Done } },
      },
      async (request) => {
        await accounts.disableTotp(sessionOf(request), request.body, request.access.meta);
        return { status: 'ok' as const };
      },
    );

    app.post(
      '/me/2fa/recovery-codes',
      {
        config: { access: USER },
        schema: { tags: ME_TAGS, summary: 'Replace your recovery codes (returned once)', body: RegenerateBody, response: { 200: RecoveryCodesView } },
      },
      async (request) => accounts.regenerateRecoveryCodes(sessionOf(request), request.body.password, request.access.meta),
    );
  };
}
