/**
 * The one gate every route passes: reads the credentials, resolves the principal, and for team routes
 * asks authz whether the caller's effective roles and the team's plan allow the route's action. Workspace
 * routes load the caller's standing in the workspace (through the workspaces service) and ask authz's
 * authorizeWorkspace, which hides a workspace the caller may not see behind 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertAllowed, assertWorkspaceAllowed } from '../authz/index.js';
import { ServerError } from '../errors.js';
import type { Authenticators, Principal, RequestAccess, RequestMeta, RouteAccess, RouteAccessEntry, TeamAccess, WorkspaceAccess } from './access.js';

const API_KEY_PREFIX = 'pstn_';

export function installGuard(app: FastifyInstance, auth: Authenticators): void {
  app.decorateRequest('access', null as unknown as RequestAccess);
  const table: RouteAccessEntry[] = [];
  app.decorate('accessTable', table);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    // Fastify adds HEAD routes for GETs and they inherit the config; anything else must declare access.
    if (access === undefined) throw new Error(`Route ${route.method} ${route.url} declares no config.access`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });
  // onRequest: callers are refused before their body is even read, and an unauthorised caller learns
  // nothing from validation errors. Unknown routes fall through to the 404 handler.
  app.addHook('onRequest', async (request) => {
    if (request.is404) {
      request.access = { principal: null, team: null, meta: requestMeta(request) };
      return;
    }
    const access = request.routeOptions.config.access;
    if (access === undefined) throw new ServerError('FORBIDDEN', 'This route declares no access rule');
    request.access = await decide(request, access, auth);
  });
}

async function decide(request: FastifyRequest, access: RouteAccess, auth: Authenticators): Promise<RequestAccess> {
  const meta = requestMeta(request);
  const credential = readCredential(request);
  if (access.kind === 'public') {
    // Public routes still learn who is calling when a valid credential is sent, and ignore a bad one.
    const principal = credential === null ? null : await resolve(credential, meta, auth).catch(() => null);
    return { principal, team: null, meta };
  }
  if (access.kind === 'workspace' && access.public === true) {
    // Readers of public workspaces need no account; a credential that does not resolve reads as anonymous.
    const resolved = credential === null ? null : await resolveFor(request, credential, meta, auth, true).catch(() => null);
    const signedIn = resolved !== null && !(resolved.principal.kind === 'session' && resolved.principal.stage === 'totp_enrolment') ? resolved : null;
    return decideWorkspace(request, access.action, signedIn?.principal ?? null, meta, auth, true, signedIn?.workspace);
  }
  if (credential === null) throw new ServerError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <session token> or X-API-Key');
  if (credential.kind === 'api_key' && !('apiKey' in access && access.apiKey === true)) {
    throw new ServerError('FORBIDDEN', 'This route needs a signed-in session; API keys cannot use it');
  }
  const resolved = await resolveFor(request, credential, meta, auth, access.kind === 'workspace');
  const principal = resolved.principal;
  if (principal.kind === 'session' && principal.stage === 'totp_enrolment' && !(access.kind === 'user' && access.enrolment === true)) {
    throw new ServerError('TOTP_ENROLMENT_REQUIRED', 'Your team requires two-factor authentication: enrol at /me/2fa before going on');
  }
  if (access.kind === 'user') return { principal, team: null, meta };
  if (access.kind === 'workspace') return decideWorkspace(request, access.action, principal, meta, auth, false, resolved.workspace);

  const teamId = teamIdFor(request, principal);
  const team = await auth.teamAccess(teamId, principal.userId);
  // Not a member and not allowed look the same: a caller cannot probe which teams exist.
  if (team === null) throw new ServerError('NOT_FOUND', `No team ${teamId} that you belong to`, { field: 'teamId' });
  if (principal.kind === 'api_key' && principal.teamId !== team.teamId) {
    throw new ServerError('FORBIDDEN', 'This API key belongs to another team');
  }
  assertAllowed({ userId: principal.userId, roles: team.roles, plan: team.plan }, access.action);
  return { principal, team, meta };
}

async function decideWorkspace(
  request: FastifyRequest,
  action: Extract<RouteAccess, { kind: 'workspace' }>['action'],
  principal: Principal | null,
  meta: RequestMeta,
  auth: Authenticators,
  anonymousAllowed: boolean,
  /** The standing already read with the session (undefined: read it now). */
  loaded?: WorkspaceAccess | null,
): Promise<RequestAccess> {
  const workspaceId = workspaceIdOf(request);
  if (auth.workspaceAccess === undefined) throw new ServerError('INTERNAL', 'Workspace routes are served without workspace access');
  const workspace = loaded !== undefined ? loaded : await auth.workspaceAccess(workspaceId, principal);
  if (workspace === null) throw new ServerError('NOT_FOUND', 'No such workspace that you can see', { field: 'workspaceId' });
  if (principal?.kind === 'api_key' && principal.teamId !== workspace.workspace.teamId) {
    // An API key acts only within its own team; elsewhere it counts for nothing (anonymous where that is allowed).
    if (anonymousAllowed) return decideWorkspace(request, action, null, meta, auth, true);
    throw new ServerError('NOT_FOUND', 'No such workspace that you can see', { field: 'workspaceId' });
  }
  assertWorkspaceAllowed(workspace.subject, workspace.workspace, action);
  return { principal, team: workspace.team, workspace, meta };
}

function workspaceIdOf(request: FastifyRequest): string {
  const params = request.params as Record<string, unknown> | undefined;
  const workspaceId = params?.['workspaceId'];
  if (typeof workspaceId !== 'string' || workspaceId === '') throw new ServerError('BAD_REQUEST', 'This route needs a workspace id', { field: 'workspaceId' });
  return workspaceId;
}

function teamIdFor(request: FastifyRequest, principal: Principal): string {
  const params = request.params as Record<string, unknown> | undefined;
  const fromParams = params?.['teamId'];
  if (typeof fromParams === 'string' && fromParams !== '') return fromParams;
  if (principal.kind === 'api_key') return principal.teamId;
  throw new ServerError('BAD_REQUEST', 'This route needs a team id', { field: 'teamId' });
}

type Credential = { readonly kind: 'session' | 'api_key'; readonly value: string };

function readCredential(request: FastifyRequest): Credential | null {
  const headerKey = request.headers['x-api-key'];
  if (typeof headerKey === 'string' && headerKey !== '') return { kind: 'api_key', value: headerKey.trim() };
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || authorization === '') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (match === null) throw new ServerError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"', { field: 'authorization' });
  const token = match[1] ?? '';
  return { kind: token.startsWith(API_KEY_PREFIX) ? 'api_key' : 'session', value: token };
}

function resolve(credential: Credential, meta: RequestMeta, auth: Authenticators): Promise<Principal> {
  return credential.kind === 'api_key' ? auth.apiKey(credential.value, meta) : auth.session(credential.value, meta);
}

/**
 * The principal; on a workspace route a session also brings its standing there, read in the same query
 * (`workspace` undefined: not read yet).
 */
async function resolveFor(
  request: FastifyRequest,
  credential: Credential,
  meta: RequestMeta,
  auth: Authenticators,
  workspaceRoute: boolean,
): Promise<{ principal: Principal; workspace?: WorkspaceAccess | null }> {
  if (workspaceRoute && credential.kind === 'session' && auth.sessionWorkspaceAccess !== undefined) {
    return auth.sessionWorkspaceAccess(credential.value, workspaceIdOf(request), meta);
  }
  return { principal: await resolve(credential, meta, auth) };
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
}

/** For handlers: the principal of a route that required one. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.access.principal;
  if (principal === null) throw new ServerError('UNAUTHENTICATED', 'Sign in first');
  return principal;
}

/** For handlers of workspace routes: the workspace and the caller's standing, as the guard established. */
export function workspaceOf(request: FastifyRequest): WorkspaceAccess {
  const workspace = request.access.workspace;
  if (workspace === undefined) throw new ServerError('FORBIDDEN', 'No workspace access was established for this route');
  return workspace;
}

/** For handlers of team routes: the team access the guard established. */
export function teamOf(request: FastifyRequest): TeamAccess {
  const team = request.access.team;
  if (team === null) throw new ServerError('FORBIDDEN', 'No team access was established for this route');
  return team;
}
