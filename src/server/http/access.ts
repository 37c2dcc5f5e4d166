/**
 * What a route requires, declared next to it (`config.access`), and who is calling. The guard
 * (`guard.ts`) enforces the declaration before any handler runs; a route without one is refused when
 * the app starts, so no route can forget authorisation.
 */
import type { Plan, TeamAction, TeamRole, WorkspaceAction, WorkspaceSubject, WorkspaceVisibility } from '../authz/index.js';

export type RouteAccess =
  /** Anyone, signed in or not (health, sign-in, OpenAPI). */
  | { readonly kind: 'public' }
  /** A signed-in user. `enrolment`: also reachable by a session that must enrol in 2FA first. */
  | { readonly kind: 'user'; readonly enrolment?: boolean; readonly apiKey?: boolean }
  /**
   * A member of the team in `params.teamId` (or, with an API key and no teamId param, the key's team)
   * whom authz allows `action`.
   */
  | { readonly kind: 'team'; readonly action: TeamAction; readonly apiKey?: boolean }
  /**
   * The workspace in `params.workspaceId`, whom authz allows `action` there (a workspace the caller may
   * not see answers 404). `public`: callers need not sign in (anonymous readers of public workspaces).
   */
  | { readonly kind: 'workspace'; readonly action: WorkspaceAction; readonly public?: boolean; readonly apiKey?: boolean };

export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export type Principal =
  | { readonly kind: 'session'; readonly userId: string; readonly email: string; readonly sessionId: string; readonly stage: 'full' | 'totp_enrolment' }
  | { readonly kind: 'api_key'; readonly userId: string; readonly email: string; readonly keyId: string; readonly teamId: string };

export interface TeamAccess {
  readonly teamId: string;
  readonly plan: Plan;
  /** Effective roles: direct, plus those of the user's groups where the plan has groups. */
  readonly roles: ReadonlySet<TeamRole>;
}

/** A caller's standing in one workspace, loaded by the workspaces service for the guard. */
export interface WorkspaceAccess {
  readonly workspace: { readonly id: string; readonly teamId: string; readonly visibility: WorkspaceVisibility; readonly ownerId: string };
  /** What authz decides on: the caller's team membership, roles, workspace roles and ownership. */
  readonly subject: WorkspaceSubject;
  /** The caller's team access; null when not signed in or not a member of the workspace's team. */
  readonly team: TeamAccess | null;
  /**
   * false: the caller (directly or through a group) holds no element role in this workspace, so element
   * decisions need no further read. Absent or true: read them when they matter.
   */
  readonly elementRolesHeld?: boolean;
}

/** The request's identity once the guard has run. */
export interface RequestAccess {
  readonly principal: Principal | null;
  readonly team: TeamAccess | null;
  readonly meta: RequestMeta;
  /** Workspace routes: the workspace and the caller's standing in it, after authz allowed the action. */
  readonly workspace?: WorkspaceAccess;
}

/** What the guard needs from the services; each is implemented by its area's service. */
export interface Authenticators {
  /** Resolves a session token; throws ServerError (UNAUTHENTICATED, SESSION_EXPIRED). */
  session(token: string, meta: RequestMeta): Promise<Principal>;
  /** Resolves an API key; throws ServerError (API_KEY_INVALID, API_KEY_EXPIRED, API_KEY_REVOKED). */
  apiKey(key: string, meta: RequestMeta): Promise<Principal>;
  /** The user's access to a team, or null when they are not a member. */
  teamAccess(teamId: string, userId: string): Promise<TeamAccess | null>;
  /** The caller's standing in a workspace, or null when no such workspace exists (workspace routes only). */
  workspaceAccess?(workspaceId: string, principal: Principal | null): Promise<WorkspaceAccess | null>;
  /**
   * A session token's principal and its standing in the workspace in one read (the common signed-in
   * workspace request). Throws what `session` throws; `workspace` null when no such workspace exists.
   */
  sessionWorkspaceAccess?(token: string, workspaceId: string, meta: RequestMeta): Promise<{ principal: Principal; workspace: WorkspaceAccess | null }>;
}

/** One row of the app's route table: what each route requires (for tests and documentation). */
export interface RouteAccessEntry {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route with its access rule, filled as routes are added. */
    readonly accessTable: readonly RouteAccessEntry[];
  }
  interface FastifyRequest {
    access: RequestAccess;
  }
}
