/**
 * Sessions: an opaque `pss_` token whose SHA-256 alone is stored, an idle timeout and an absolute end
 * fixed at sign-in from the strictest of the user's teams, revocation one by one or all at once.
 * Authentication reads one row (joined to its user) and writes `last_seen_at` at most once a minute.
 */
import type { ServerContext } from '../../context.js';
import { hashToken, newOpaqueToken } from '../../crypto/index.js';
import { newId, prepareQuery } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { Principal, RequestMeta } from '../../http/access.js';
import type { IssuedSession, SessionPrincipal, SessionStage, SessionSummary } from './types.js';
import type { Executor } from './user-audit.js';

export const SESSION_TOKEN_PREFIX = 'pss_';
/** `last_seen_at` is written at most this often, so most authenticated requests only read. */
export const LAST_SEEN_GRANULARITY_MS = 60_000;

export async function issueSession(
  db: Executor,
  userId: string,
  options: { stage: SessionStage; idleTimeoutMs: number; maxAgeMs: number; now: number; meta: RequestMeta },
): Promise<IssuedSession> {
  const { token, hash } = newOpaqueToken(SESSION_TOKEN_PREFIX);
  const id = newId('ses');
  const expiresAt = options.now + options.maxAgeMs;
  await db
    .insertInto('sessions')
    .values({
      id,
      token_hash: hash,
      user_id: userId,
      stage: options.stage,
      created_at: options.now,
      last_seen_at: options.now,
      idle_timeout_ms: options.idleTimeoutMs,
      absolute_expires_at: expiresAt,
      revoked_at: null,
      revoke_reason: null,
      ip: options.meta.ip,
      user_agent: options.meta.userAgent,
    })
    .execute();
  return { token, sessionId: id, stage: options.stage, expiresAt, idleTimeoutMs: options.idleTimeoutMs };
}

const TIMEOUT_REASONS: ReadonlySet<string> = new Set(['idle_timeout', 'absolute_timeout']);

function expiredError(reason: string): ServerError {
  return new ServerError('SESSION_EXPIRED', reason === 'idle_timeout' ? 'The session ended after being idle: sign in again' : 'The session reached its maximum length: sign in again');
}

function stageOf(value: string): SessionStage {
  return value === 'totp_enrolment' ? 'totp_enrolment' : 'full';
}

/** What authenticating reads of a session (joined to its user); also read by the guard's one-query workspace standing. */
export interface SessionRow {
  readonly id: string;
  readonly userId: string;
  readonly stage: string;
  readonly lastSeenAt: number;
  readonly idleTimeoutMs: number;
  readonly absoluteExpiresAt: number;
  readonly revokedAt: number | null;
  readonly revokeReason: string | null;
  readonly email: string;
  readonly disabledAt: number | null;
}

const sessionByTokenHash = prepareQuery((db, p: { tokenHash: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as id',
      'sessions.user_id as userId',
      'sessions.stage as stage',
      'sessions.last_seen_at as lastSeenAt',
      'sessions.idle_timeout_ms as idleTimeoutMs',
      'sessions.absolute_expires_at as absoluteExpiresAt',
      'sessions.revoked_at as revokedAt',
      'sessions.revoke_reason as revokeReason',
      'users.email as email',
      'users.disabled_at as disabledAt',
    ])
    .where('sessions.token_hash', '=', p.tokenHash),
);

/** The stored hash of a session token; refuses anything that is not one. */
export function sessionTokenHash(token: string): string {
  if (typeof token !== 'string' || !token.startsWith(SESSION_TOKEN_PREFIX)) {
    throw new ServerError('UNAUTHENTICATED', 'The session token is not recognised: sign in again');
  }
  return hashToken(token);
}

/**
 * The principal of a session row read by its token hash (undefined: no such session): refuses revoked,
 * ended and disabled ones, records a timeout when it finds one, and moves `last_seen_at` at most once a minute.
 */
export async function principalOfSession(ctx: ServerContext, row: SessionRow | undefined): Promise<Principal> {
  if (row === undefined) throw new ServerError('UNAUTHENTICATED', 'The session token is not recognised: sign in again');
  if (row.revokedAt !== null) {
    if (row.revokeReason !== null && TIMEOUT_REASONS.has(row.revokeReason)) throw expiredError(row.revokeReason);
    throw new ServerError('UNAUTHENTICATED', 'This session was signed out: sign in again');
  }
  if (row.disabledAt !== null) throw new ServerError('UNAUTHENTICATED', 'This account is disabled');
  const now = ctx.clock();
  const lastSeenAt = Number(row.lastSeenAt);
  const idleEnd = lastSeenAt + Number(row.idleTimeoutMs);
  const absoluteEnd = Number(row.absoluteExpiresAt);
  if (now >= absoluteEnd || now >= idleEnd) {
    const reason = now >= absoluteEnd ? 'absolute_timeout' : 'idle_timeout';
    // Recorded once so the session list and any review show why it ended.
    await ctx.db.updateTable('sessions').set({ revoked_at: now, revoke_reason: reason }).where('id', '=', row.id).where('revoked_at', 'is', null).execute();
    throw expiredError(reason);
  }
  if (now - lastSeenAt >= LAST_SEEN_GRANULARITY_MS) {
    // Conditional, so concurrent requests write it once; an idle end therefore comes at most a minute early.
    await ctx.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).where('last_seen_at', '<', now - LAST_SEEN_GRANULARITY_MS + 1).execute();
  }
  return { kind: 'session', userId: row.userId, email: row.email, sessionId: row.id, stage: stageOf(row.stage) };
}

export async function authenticateSession(ctx: ServerContext, token: string): Promise<Principal> {
  const tokenHash = sessionTokenHash(token);
  return principalOfSession(ctx, await sessionByTokenHash.executeTakeFirst(ctx.db, { tokenHash }));
}

export async function listActiveSessions(ctx: ServerContext, principal: SessionPrincipal): Promise<SessionSummary[]> {
  const now = ctx.clock();
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'stage', 'created_at', 'last_seen_at', 'idle_timeout_ms', 'absolute_expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', principal.userId)
    .where('revoked_at', 'is', null)
    .where('absolute_expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  const sessions: SessionSummary[] = [];
  for (const row of rows) {
    const expiresAt = Math.min(Number(row.absolute_expires_at), Number(row.last_seen_at) + Number(row.idle_timeout_ms));
    if (expiresAt <= now) continue;
    sessions.push({
      id: row.id,
      stage: stageOf(row.stage),
      createdAt: Number(row.created_at),
      lastSeenAt: Number(row.last_seen_at),
      expiresAt,
      ip: row.ip,
      userAgent: row.user_agent,
      current: row.id === principal.sessionId,
    });
  }
  return sessions;
}

/** Revokes one of the user's sessions; false when the user has no such live session. */
export async function revokeSessionOfUser(db: Executor, userId: string, sessionId: string, reason: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes the user's live sessions, except `keepSessionId` when given; returns how many. */
export async function revokeSessionsOfUser(db: Executor, userId: string, reason: string, now: number, keepSessionId?: string): Promise<number> {
  let update = db.updateTable('sessions').set({ revoked_at: now, revoke_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keepSessionId !== undefined) update = update.where('id', '!=', keepSessionId);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Signs a user out everywhere (for other areas: an admin removing or signing out a member). The caller
 * audits its own action; pass its transaction as `executor` so both commit together.
 */
export async function revokeAllSessions(ctx: ServerContext, userId: string, reason: string, executor: Executor = ctx.db): Promise<number> {
  return revokeSessionsOfUser(executor, userId, reason, ctx.clock());
}
