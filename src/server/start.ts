/**
 * Starts the team server: opens and migrates the database, loads the master key into the key ring,
 * builds the app, listens, and runs the housekeeping jobs. `close()` shuts down gracefully: stop
 * accepting, let requests in flight finish, stop the jobs, close the database.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';
import type { ServerSettings } from './config.js';
import { composeServer, type ComposedServer } from './compose.js';
import { createKeyRing } from './crypto/index.js';
import { databaseDataKeyStore, migrateToLatest, openDatabase, type ServerDatabase } from './db/index.js';
import { ServerError } from './errors.js';
import { housekeepingJobs, startJobs, type JobScheduler } from './jobs.js';
import type { LoggerDestination } from './logger.js';
import { resolveMasterKey } from './master-key-file.js';
import { postgresNotifier, type ChangeNotifier } from './notify/index.js';
import { loadOrCreateAuditKey } from './services/audit/index.js';

export interface StartOptions {
  /** Lines for the operator (where it listens, a key it created). */
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** JSON log lines (default stdout). */
  readonly logDestination?: LoggerDestination;
  /** How long requests in flight may take to finish on close before their connections are cut. */
  readonly closeTimeoutMs?: number;
  /** false: no job timers (tests run them with `jobs.runAll()`). */
  readonly jobTimers?: boolean;
  readonly clock?: () => number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8420 */
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly ctx: ServerContext;
  readonly composed: ComposedServer;
  readonly jobs: JobScheduler;
  /** Graceful shutdown; safe to call twice (the second call waits for the first). */
  close(): Promise<void>;
}

export const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

/** Opens the configured database and brings it to the newest schema. */
export async function openServerDatabase(settings: ServerSettings): Promise<ServerDatabase> {
  const database = await openDatabase(settings.databaseUrl !== null ? { url: settings.databaseUrl } : { sqliteFile: settings.sqliteFile });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

/** The context every service gets: database, key ring under the master key, audit key, clock. */
export async function openServerContext(
  settings: ServerSettings,
  database: ServerDatabase,
  options: { readonly log?: (line: string) => void; readonly env?: NodeJS.ProcessEnv; readonly clock?: () => number; readonly createKey?: boolean } = {},
): Promise<ServerContext> {
  const clock = options.clock ?? Date.now;
  const master = await resolveMasterKey(settings, database.db, { log: options.log ?? (() => undefined), env: options.env ?? process.env, create: options.createKey !== false });
  const keyRing = await createKeyRing(databaseDataKeyStore(database.db), [master], { clock });
  const auditKey = await loadOrCreateAuditKey(database.db, keyRing, clock());
  return { db: database.db, kind: database.kind, keyRing, auditKey, clock };
}

export async function startServer(settings: ServerSettings, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const database = await openServerDatabase(settings);
  let composed: ComposedServer | undefined;
  let notifier: ChangeNotifier | null = null;
  try {
    const ctx = await openServerContext(settings, database, options);
    // On PostgreSQL several processes may serve one database: live sync hears pushes through LISTEN/NOTIFY.
    // On SQLite there is one process, and composeServer's in-memory notifier is enough.
    if (settings.databaseUrl !== null) {
      notifier = await postgresNotifier(settings.databaseUrl, { log: (line) => composed?.app.log.warn({ component: 'notify' }, line) });
    }
    // Without --public-url, links in mails point at the address the server ends up listening on.
    let listeningUrl = '';
    composed = await composeServer(ctx, {
      mailer: settings.mailer,
      publicUrl: settings.publicUrl ?? (() => listeningUrl),
      bodyLimit: settings.bodyLimit,
      trustProxy: settings.trustProxy,
      rateLimit: settings.rateLimit,
      logLevel: settings.logLevel,
      ...(options.logDestination !== undefined ? { logDestination: options.logDestination } : {}),
      ...(notifier !== null ? { notifier } : {}),
    });
    const app = composed.app;
    const shutdown = { started: false };
    // While shutting down, every answer closes its connection: a keep-alive client must not hold the
    // server open after its request in flight is answered.
    app.addHook('onSend', async (_request, reply, payload) => {
      if (shutdown.started) void reply.header('connection', 'close');
      return payload;
    });
    await listen(app, settings.host, settings.port);
    const port = boundPort(app);
    const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
    listeningUrl = url;

    const { services, rateLimiter } = composed;
    const jobs = startJobs(
      housekeepingJobs({
        pruneAudit: () => services.audit.pruneExpired(),
        expireApiKeys: () => services.apiKeys.expireInactiveKeys(),
        pruneRateLimits: rateLimiter === null ? null : () => rateLimiter.prune(),
        rateLimitWindowMs: settings.rateLimit.windowSeconds * 1000,
      }),
      app.log.child({ component: 'jobs' }),
      { timers: options.jobTimers !== false },
    );

    const where = database.kind === 'sqlite' ? `SQLite ${database.location}` : `PostgreSQL ${database.location}`;
    log(`Postern server listening on ${url} (${where})`);

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      shutdown.started = true;
      closing ??= shutDown(app, jobs, notifier, database, options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
      return closing;
    };
    return { url, port, app, ctx, composed, jobs, close };
  } catch (error) {
    await composed?.app.close().catch(() => undefined);
    await notifier?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<void> {
  try {
    await app.listen({ host, port, listenTextResolver: (address) => `listening on ${address}` });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'EADDRINUSE' ? 'the address is already in use' : code === 'EACCES' ? 'permission denied' : code === 'EADDRNOTAVAIL' ? 'no such local address' : error instanceof Error ? error.message : String(error);
    throw new ServerError('CONFIG_INVALID', `Cannot listen on ${host}:${port}: ${reason}`, { field: '--port' }, { cause: error });
  }
}

function boundPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new ServerError('INTERNAL', 'The server has no TCP address after listen');
  return address.port;
}

async function shutDown(app: FastifyInstance, jobs: JobScheduler, notifier: ChangeNotifier | null, database: ServerDatabase, timeoutMs: number): Promise<void> {
  // A request that never finishes must not hold the process forever: cut its connection after the grace period.
  const cut = setTimeout(() => app.server.closeAllConnections(), timeoutMs);
  cut.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
  // After the app: live streams have ended, and pushes in flight have published.
  await notifier?.close();
  await jobs.stop();
  await database.close();
}

/**
 * SIGTERM/SIGINT: close gracefully, then resolve with exit code 0. A second signal while closing forces
 * exit through `exit` (default process.exit) with 128+signal, the shell's convention.
 */
export function closeOnSignals(server: RunningServer, options: { readonly log?: (line: string) => void; readonly exit?: (code: number) => void } = {}): Promise<number> {
  const log = options.log ?? (() => undefined);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = { SIGINT: 2, SIGTERM: 15 } as const;
  return new Promise((resolve) => {
    let closing = false;
    const handlers = new Map<NodeJS.Signals, () => void>();
    const release = (): void => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    };
    for (const [name, number] of Object.entries(signals) as Array<[NodeJS.Signals, number]>) {
      const handler = (): void => {
        if (closing) {
          log(`Postern server: ${name} again; exiting now`);
          release();
          exit(128 + number);
          return;
        }
        closing = true;
        log(`Postern server: ${name} received; finishing requests in flight`);
        server.close().then(
          () => {
            release();
            log('Postern server stopped');
            resolve(0);
          },
          (error: unknown) => {
            release();
            log(`Postern server: shutdown failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
            resolve(1);
          },
        );
      };
      handlers.set(name, handler);
      process.on(name, handler);
    }
  });
}
