/** The accounts service's public shapes: what sign-up, sign-in, sessions, 2FA and the profile return. */
import type { Principal, RequestMeta } from '../../http/access.js';

/** The principal of a signed-in session (account routes never accept API keys). */
export type SessionPrincipal = Extract<Principal, { kind: 'session' }>;
export type SessionStage = SessionPrincipal['stage'];

export interface SignUpInput {
  readonly email: string;
  readonly name: string;
  readonly password: string;
}

/**
 * The same answer whether the email was free or taken, so sign-up does not reveal who has an account
 * (there is no mailer yet to tell the owner of a taken address).
 */
export interface SignUpResult {
  readonly status: 'accepted';
}

export interface SignInInput {
  readonly email: string;
  readonly password: string;
}

export interface IssuedSession {
  /** The bearer token: shown once, only its hash is stored. */
  readonly token: string;
  readonly sessionId: string;
  readonly stage: SessionStage;
  /** The absolute end of the session (it also ends after the idle timeout). */
  readonly expiresAt: number;
  readonly idleTimeoutMs: number;
}

export type SignInResult =
  | ({ readonly status: 'signed_in' } & IssuedSession)
  /** The user's team requires 2FA and they have none: this session reaches only the enrolment routes. */
  | ({ readonly status: 'enrolment_required' } & IssuedSession)
  /** The password was right; send a TOTP or recovery code with this challenge to finish. */
  | { readonly status: 'totp_required'; readonly challenge: string; readonly expiresAt: number };

export interface SecondFactorInput {
  readonly challenge: string;
  readonly code?: string | undefined;
  readonly recoveryCode?: string | undefined;
}

export interface SessionSummary {
  readonly id: string;
  readonly stage: SessionStage;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** When it ends unless used again: the earlier of the idle and the absolute end. */
  readonly expiresAt: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly current: boolean;
}

export interface TotpEnrolment {
  /** Base32 secret for manual entry; the same as in the URI. */
  readonly secret: string;
  readonly otpauthUri: string;
}

export interface RecoveryCodes {
  /** Shown once; only hashes are stored. */
  recoveryCodes: string[];
}

export interface ProfileTeam {
  readonly id: string;
  readonly name: string;
  readonly plan: string;
  /** Roles held directly (group roles are resolved per team by the teams service). */
  roles: string[];
}

export interface Profile {
  readonly user: { readonly id: string; readonly email: string; readonly name: string; readonly twoFactorEnabled: boolean; readonly createdAt: number };
  teams: ProfileTeam[];
}

export interface AccountsService {
  signUp(input: SignUpInput, meta: RequestMeta): Promise<SignUpResult>;
  signIn(input: SignInInput, meta: RequestMeta): Promise<SignInResult>;
  /** The second step of a 2FA sign-in: a TOTP code or a recovery code against the challenge. */
  completeSignIn(input: SecondFactorInput, meta: RequestMeta): Promise<SignInResult>;
  /** The guard's session authenticator: throws UNAUTHENTICATED or SESSION_EXPIRED. */
  authenticateSession(token: string, meta: RequestMeta): Promise<Principal>;
  signOut(principal: SessionPrincipal, meta: RequestMeta): Promise<void>;
  /** Revokes every session of the user, this one included; returns how many. */
  signOutEverywhere(principal: SessionPrincipal, meta: RequestMeta): Promise<number>;
  listSessions(principal: SessionPrincipal): Promise<SessionSummary[]>;
  revokeSession(principal: SessionPrincipal, sessionId: string, meta: RequestMeta): Promise<void>;
  /** Returns how many other sessions were revoked. */
  changePassword(principal: SessionPrincipal, input: { currentPassword: string; newPassword: string }, meta: RequestMeta): Promise<number>;
  startTotpEnrolment(principal: SessionPrincipal, meta: RequestMeta): Promise<TotpEnrolment>;
  confirmTotpEnrolment(principal: SessionPrincipal, code: string, meta: RequestMeta): Promise<RecoveryCodes>;
  disableTotp(principal: SessionPrincipal, input: { password: string; code: string }, meta: RequestMeta): Promise<void>;
  regenerateRecoveryCodes(principal: SessionPrincipal, password: string, meta: RequestMeta): Promise<RecoveryCodes>;
  profile(principal: SessionPrincipal): Promise<Profile>;
}
