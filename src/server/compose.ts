/**
 * Puts the server together: the four area services over one context, the authenticators the guard
 * uses, every area's routes, rate limits and logging, all handed to `buildApp`. Listening, jobs and
 * shutdown are `start.ts`'s.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';
import type { LogLevel } from './config.js';
import type { Authenticators } from './http/access.js';
import { buildApp, type RoutePlugin } from './http/app.js';
import { createRateLimiter, rateLimitGates, type RateLimiter, type RateLimitPolicy } from './http/rate-limit.js';
import { accountRoutes } from './http/routes/accounts.js';
import { apiKeyRoutes } from './http/routes/api-keys.js';
import { auditRoutes } from './http/routes/audit.js';
import { groupRoutes } from './http/routes/groups.js';
import { healthRoutes } from './http/routes/health.js';
import { teamRoutes } from './http/routes/teams.js';
import { serverLoggerOptions, type LoggerDestination } from './logger.js';
import { createAccountsService, type AccountsService } from './services/accounts/index.js';
import { createApiKeysService, type ApiKeysService } from './services/api-keys/index.js';
import { createAuditService, type AuditService } from './services/audit/index.js';
import { createTeamsService, type TeamsService } from './services/teams/index.js';

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
}

export interface ServerServices {
  readonly accounts: AccountsService;
  readonly teams: TeamsService;
  readonly apiKeys: ApiKeysService;
  readonly audit: AuditService;
}

export interface ComposedServer {
  readonly app: FastifyInstance;
  readonly services: ServerServices;
  /** null when rate limits are off. */
  readonly rateLimiter: RateLimiter | null;
}

export const DEFAULT_RATE_LIMITS: RateLimitPolicy = { windowSeconds: 60, perIp: 600, authPerIp: 30, perAccount: 1200 };

export function createServices(ctx: ServerContext): ServerServices {
  return {
    accounts: createAccountsService(ctx),
    teams: createTeamsService(ctx),
    apiKeys: createApiKeysService(ctx),
    audit: createAuditService(ctx),
  };
}

/** The app plus what the periodic jobs need (the services and the rate limiter). */
export async function composeServer(ctx: ServerContext, options: ServerAppOptions = {}): Promise<ComposedServer> {
  const services = createServices(ctx);
  const { accounts, teams, apiKeys, audit } = services;
  const authenticators: Authenticators = {
    session: (token, meta) => accounts.authenticateSession(token, meta),
    apiKey: (key, meta) => apiKeys.authenticateApiKey(key, meta),
    teamAccess: (teamId, userId) => teams.teamAccess(teamId, userId),
  };
  const routes: RoutePlugin[] = [
    healthRoutes(ctx.db),
    accountRoutes(accounts),
    teamRoutes(teams),
    groupRoutes(teams),
    apiKeyRoutes(apiKeys),
    auditRoutes(audit),
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
  return { app, services, rateLimiter };
}

/** The Fastify app with every route, ready to `inject` or `listen`. */
export async function createServerApp(ctx: ServerContext, options: ServerAppOptions = {}): Promise<FastifyInstance> {
  return (await composeServer(ctx, options)).app;
}
