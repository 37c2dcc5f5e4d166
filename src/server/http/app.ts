/**
 * Builds the Fastify app: zod validation, one error shape, security headers, the access guard, the
 * OpenAPI document, then each area's routes. Listening and shutdown belong to the caller.
 */
import helmet from 'helmet';
import swagger from '@fastify/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { POSTERN_VERSION } from '../../version.js';
import type { Authenticators } from './access.js';
import { installErrorHandling } from './error-handler.js';
import { installGuard } from './guard.js';

export type ServerApp = FastifyInstance;
export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** One area's routes. Each route declares `config.access` and its zod schemas next to its handler. */
export type RoutePlugin = (app: ZodApp) => Promise<void> | void;

/** Runs before the guard on every request (rate limits): may throw a ServerError. */
export type RequestGate = (app: FastifyInstance) => void;

export interface AppOptions {
  readonly logger?: FastifyServerOptions['loggerInstance'] | false;
  /** Options for Fastify to build its own pino logger (see logger.ts); ignored when `logger` is given. */
  readonly loggerOptions?: Exclude<FastifyServerOptions['logger'], boolean | undefined>;
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Trust X-Forwarded-For from these proxies (Fastify's trustProxy). Off by default. */
  readonly trustProxy?: boolean | string | string[];
  readonly gates?: readonly RequestGate[];
  /** Like `gates`, but installed after the guard, so their preHandler hooks see `request.access`. */
  readonly principalGates?: readonly RequestGate[];
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildApp(authenticators: Authenticators, routes: readonly RoutePlugin[], options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : options.loggerOptions ? { logger: options.loggerOptions } : { logger: false }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  });
  // The API takes JSON only: without this, Fastify's built-in text/plain parser would let a text body
  // reach validation (400) instead of being refused as the wrong media type (415).
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  // Security headers from helmet, built once: @fastify/helmet rebuilt every middleware (CSP parsing
  // included) on each request.
  const securityHeaders = helmet({
    // An API: nothing may be framed, scripted or embedded from its responses.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Postern team server', version: POSTERN_VERSION, description: 'Accounts, teams, roles, API keys and the audit log.' },
      components: {
        securitySchemes: {
          session: { type: 'http', scheme: 'bearer', description: 'A session token from POST /auth/sign-in' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  for (const gate of options.gates ?? []) gate(app);
  installGuard(app, authenticators);
  for (const gate of options.principalGates ?? []) gate(app);

  const zodApp = app.withTypeProvider<ZodTypeProvider>();
  for (const plugin of routes) await plugin(zodApp);

  zodApp.get('/openapi.json', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async () => app.swagger());
  return app;
}
