/**
 * Puts the server together: the area services over one context, the authenticators the guard uses,
 * every area's routes, rate limits, logging and the change notifier of live sync, all handed to
 * `buildApp`. Listening, jobs and shutdown are `start.ts`'s.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';
import type { LogLevel, MailerSettings } from './config.js';
import type { Authenticators } from './http/access.js';
import { buildApp, type RoutePlugin } from './http/app.js';
import { createRateLimiter, rateLimitGates, type RateLimiter, type RateLimitPolicy } from './http/rate-limit.js';
import { accountRoutes } from './http/routes/accounts.js';
import { apiKeyRoutes } from './http/routes/api-keys.js';
import { auditRoutes } from './http/routes/audit.js';
import { groupRoutes } from './http/routes/groups.js';
import { healthRoutes } from './http/routes/health.js';
import { inviteRoutes } from './http/routes/invites.js';
import { syncRoutes, type SyncRouteOptions } from './http/routes/sync.js';
import { teamRoutes } from './http/routes/teams.js';
import { workspaceRoutes } from './http/routes/workspaces.js';
import { serverLoggerOptions, type LoggerDestination } from './logger.js';
import { consoleMailer, createMailer, type Mailer } from './mailer/index.js';
import { memoryNotifier, type ChangeNotifier } from './notify/index.js';
import { createAccountsService, type AccountsService } from './services/accounts/index.js';
import { createApiKeysService, type ApiKeysService } from './services/api-keys/index.js';
import { createAuditService, type AuditService } from './services/audit/index.js';
import { createElementsService, type ElementsService } from './services/elements/index.js';
import { createInvitesService, type InvitesDeps, type InvitesService } from './services/invites/index.js';
import { createTeamsService, type TeamsService } from './services/teams/index.js';
import { createWorkspacesService, type WorkspacesService } from './services/workspaces/index.js';

export interface ServerAppOptions {
  /** Largest request body in bytes. */
  readonly bodyLimit?: number;
  readonly trustProxy?: boolean | string[];
  /** null: no rate limits (tests of other things). */
  readonly rateLimit?: RateLimitPolicy | null;
  /** Default `silent` so tests and tools stay quiet; the server passes its setting. */
  readonly logLevel?: LogLevel;
  /** Where log lines go (default stdout). */
  readonly logDestination?: LoggerDestination;
  /** How mail goes out: a Mailer, or the `--mailer` setting (default console, through the app's log). */
  readonly mailer?: Mailer | MailerSettings;
  /** The base of links in mails (start.ts passes `--public-url` or the address it listens on). */
  readonly publicUrl?: string | (() => string);
  /**
   * How pushes reach live sync streams: PostgreSQL LISTEN/NOTIFY across processes, or (default) this
   * process only. A given notifier is the caller's to close.
   */
  readonly notifier?: ChangeNotifier;
  /** Live sync streams (tests shorten the ping interval). */
  readonly sync?: SyncRouteOptions;
}

export interface ServerServices {
  readonly accounts: AccountsService;
  readonly teams: TeamsService;
  readonly apiKeys: ApiKeysService;
  readonly audit: AuditService;
  readonly invites: InvitesService;
  readonly workspaces: WorkspacesService;
  readonly elements: ElementsService;
}

export interface ComposedServer {
  readonly app: FastifyInstance;
  readonly services: ServerServices;
  /** null when rate limits are off. */
  readonly rateLimiter: RateLimiter | null;
  /** The notifier pushes publish to and live streams listen on. */
  readonly notifier: ChangeNotifier;
}

export const DEFAULT_RATE_LIMITS: RateLimitPolicy = { windowSeconds: 60, perIp: 600, authPerIp: 30, perAccount: 1200 };

export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8420';

export function createServices(
  ctx: ServerContext,
  mail: InvitesDeps = { mailer: consoleMailer(() => null), publicUrl: () => DEFAULT_PUBLIC_URL },
  notifier: ChangeNotifier = memoryNotifier(),
): ServerServices {
  return {
    accounts: createAccountsService(ctx),
    teams: createTeamsService(ctx),
    apiKeys: createApiKeysService(ctx),
    audit: createAuditService(ctx),
    invites: createInvitesService(ctx, mail),
    workspaces: createWorkspacesService(ctx),
    elements: createElementsService(ctx, notifier),
  };
}

/** The app plus what the periodic jobs need (the services and the rate limiter). */
export async function composeServer(ctx: ServerContext, options: ServerAppOptions = {}): Promise<ComposedServer> {
  // The console mailer logs through the app's logger, which exists once the app is built.
  const built: { app?: FastifyInstance } = {};
  const given = options.mailer ?? { kind: 'console' };
  const mailer = 'send' in given ? given : createMailer(given, { log: () => built.app?.log ?? null });
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL;
  const notifier = options.notifier ?? memoryNotifier();
  const services = createServices(ctx, { mailer, publicUrl: typeof publicUrl === 'function' ? publicUrl : () => publicUrl }, notifier);
  const { accounts, teams, apiKeys, audit, invites, workspaces, elements } = services;
  const authenticators: Authenticators = {
    session: (token, meta) => accounts.authenticateSession(token, meta),
    apiKey: (key, meta) => apiKeys.authenticateApiKey(key, meta),
    teamAccess: (teamId, userId) => teams.teamAccess(teamId, userId),
    workspaceAccess: (workspaceId, principal) => workspaces.workspaceAccess(workspaceId, principal),
    sessionWorkspaceAccess: (token, workspaceId) => workspaces.sessionWorkspaceAccess(token, workspaceId),
  };
  const routes: RoutePlugin[] = [
    healthRoutes(ctx.db),
    accountRoutes(accounts),
    teamRoutes(teams),
    groupRoutes(teams),
    apiKeyRoutes(apiKeys),
    auditRoutes(audit),
    inviteRoutes(invites),
    workspaceRoutes(workspaces),
    syncRoutes(elements, notifier, options.sync),
  ];
  const policy = options.rateLimit === undefined ? DEFAULT_RATE_LIMITS : options.rateLimit;
  const rateLimiter = policy === null ? null : createRateLimiter(ctx.db, ctx.clock, policy.windowSeconds);
  const limits = rateLimiter === null || policy === null ? null : rateLimitGates(rateLimiter, policy);
  const app = await buildApp(authenticators, routes, {
    loggerOptions: serverLoggerOptions(options.logLevel ?? 'silent', options.logDestination),
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    gates: limits?.gates ?? [],
    principalGates: limits?.principalGates ?? [],
  });
  built.app = app;
  // A mailer made here from the setting is this app's to close (SMTP connections); a given one is the caller's.
  if (!('send' in given)) app.addHook('onClose', async () => mailer.close());
  if (options.notifier === undefined) app.addHook('onClose', async () => notifier.close());
  return { app, services, rateLimiter, notifier };
}

/** The Fastify app with every route, ready to `inject` or `listen`. */
export async function createServerApp(ctx: ServerContext, options: ServerAppOptions = {}): Promise<FastifyInstance> {
  return (await composeServer(ctx, options)).app;
}
