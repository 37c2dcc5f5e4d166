/**
 * The notifier of several server processes on one PostgreSQL: a push on any process reaches the live
 * streams of every process. One dedicated connection LISTENs on a channel; publishes go out through a
 * small separate pool (`pg_notify`) so a slow or reconnecting listener never holds up a push's answer.
 * Every process, the publishing one included, hears its changes back through LISTEN: one delivery path.
 *
 * When the listening connection drops, it reconnects with backoff, LISTENs again, and then catches up:
 * each subscribed workspace's current `change_seq` is read and delivered, so a listener that missed
 * notices while the connection was down pulls (a repeat of a seq it already heard is harmless).
 */
import pg from 'pg';
import { POOL_IDLE_TIMEOUT_MS, redactUrl } from '../db/index.js';
import { ServerError } from '../errors.js';
import { createListenerRegistry } from './memory-notifier.js';
import { decodeChangePayload, encodeChangePayload, isWorkspaceChange } from './payload.js';
import type { ChangeListener, ChangeNotifier, WorkspaceChange } from './types.js';

/** The LISTEN/NOTIFY channel every server process shares. */
export const SYNC_CHANGES_CHANNEL = 'postern_sync_changes';
/** application_name of the listening connection (publishes use `<name>-publish`), as pg_stat_activity shows it. */
export const NOTIFIER_APPLICATION_NAME = 'postern-notify';

export interface PostgresNotifierOptions {
  /** Default SYNC_CHANGES_CHANNEL; tests use their own to stay apart. */
  readonly channel?: string;
  /** Operator lines: a lost connection, a reconnect, a failed publish. */
  readonly log?: (line: string) => void;
  /** Wait before reconnect attempt `attempt` (1, 2, …); default 250 ms doubling up to 30 s. */
  readonly reconnectDelayMs?: (attempt: number) => number;
  /** Default NOTIFIER_APPLICATION_NAME. */
  readonly applicationName?: string;
}

const PUBLISH_POOL_SIZE = 2;
const CONNECT_TIMEOUT_MS = 10_000;
/** PostgreSQL identifiers (channel names) are at most 63 bytes. */
const MAX_CHANNEL_BYTES = 63;

export function defaultReconnectDelayMs(attempt: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Connects and LISTENs before it resolves, so a change published after it resolves is heard.
 * A database that cannot be reached now is a ServerError DATABASE_UNREACHABLE (one clear line at start).
 */
export async function postgresNotifier(databaseUrl: string, options: PostgresNotifierOptions = {}): Promise<ChangeNotifier> {
  const channel = options.channel ?? SYNC_CHANGES_CHANNEL;
  if (channel === '' || Buffer.byteLength(channel) > MAX_CHANNEL_BYTES) {
    throw new ServerError('CONFIG_INVALID', `The notification channel must be 1 to ${MAX_CHANNEL_BYTES} bytes (got ${JSON.stringify(channel)})`);
  }
  const log = options.log ?? (() => undefined);
  const delayOf = options.reconnectDelayMs ?? defaultReconnectDelayMs;
  const applicationName = options.applicationName ?? NOTIFIER_APPLICATION_NAME;
  const where = redactUrl(databaseUrl);

  const registry = createListenerRegistry();
  /** Listener counts by workspace: which workspaces to catch up after a reconnect. */
  const subscribed = new Map<string, number>();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: PUBLISH_POOL_SIZE, idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: `${applicationName}-publish` });
  // An idle publishing connection that loses its server must not crash the process; the next publish reports it.
  pool.on('error', () => undefined);

  let closed = false;
  let listener: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;

  const onNotification = (message: pg.Notification): void => {
    if (closed || message.channel !== channel) return;
    const change = decodeChangePayload(message.payload);
    // A payload not ours (a hand-written NOTIFY, another version) is ignored, never fatal.
    if (change !== null) registry.deliver(change);
  };

  const listen = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: applicationName, keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client.on('error', (error: Error) => lost(client, error));
    client.on('end', () => lost(client, null));
    client.on('notification', onNotification);
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  };

  const lost = (client: pg.Client, error: Error | null): void => {
    if (client !== listener) return;
    listener = null;
    client.removeListener('notification', onNotification);
    client.end().catch(() => undefined);
    if (closed) return;
    log(`Sync notifications: lost the PostgreSQL LISTEN connection (${error === null ? 'connection ended' : firstLine(error)}); reconnecting`);
    scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer !== null || connecting !== null) return;
    attempt += 1;
    retryTimer = setTimeout(() => void reconnect(), Math.max(0, delayOf(attempt)));
    // A pending retry alone must not keep the process alive.
    retryTimer.unref();
  };

  const reconnect = async (): Promise<void> => {
    retryTimer = null;
    if (closed) return;
    connecting = listen();
    let client: pg.Client;
    try {
      client = await connecting;
    } catch (error) {
      connecting = null;
      log(`Sync notifications: reconnect attempt ${attempt} to ${where} failed (${firstLine(error)})`);
      scheduleReconnect();
      return;
    }
    connecting = null;
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
    log(`Sync notifications: listening again after ${attempt} attempt${attempt === 1 ? '' : 's'}`);
    attempt = 0;
    await catchUp();
  };

  /** After LISTEN is back: read and deliver each subscribed workspace's current sequence. */
  const catchUp = async (): Promise<void> => {
    const workspaceIds = [...subscribed.keys()];
    if (workspaceIds.length === 0) return;
    try {
      const result = await pool.query<{ id: string; change_seq: string | number }>('select id, change_seq from workspaces where id = any($1::text[])', [workspaceIds]);
      for (const row of result.rows) {
        const change = { workspaceId: row.id, seq: Number(row.change_seq) };
        if (!closed && isWorkspaceChange(change)) registry.deliver(change);
      }
    } catch (error) {
      // Listeners then hear the next change instead; nothing worse.
      log(`Sync notifications: could not read the current sequences after reconnecting (${firstLine(error)})`);
    }
  };

  try {
    listener = await listen();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new ServerError('DATABASE_UNREACHABLE', `Cannot LISTEN for sync changes on PostgreSQL at ${where}: ${firstLine(error)}`, {}, { cause: error });
  }

  return {
    inTransaction: { channel },
    async publish(change: WorkspaceChange): Promise<void> {
      if (closed) return;
      if (!isWorkspaceChange(change)) {
        log(`Sync notifications: not publishing a malformed change ${JSON.stringify(change)}`);
        return;
      }
      try {
        await pool.query('select pg_notify($1, $2)', [channel, encodeChangePayload(change)]);
      } catch (error) {
        log(`Sync notifications: could not publish change ${change.seq} of workspace ${change.workspaceId} (${firstLine(error)})`);
      }
    },

    subscribe(workspaceId: string, changeListener: ChangeListener): () => void {
      if (closed) return () => undefined;
      const unsubscribe = registry.subscribe(workspaceId, changeListener);
      subscribed.set(workspaceId, (subscribed.get(workspaceId) ?? 0) + 1);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        unsubscribe();
        const left = (subscribed.get(workspaceId) ?? 1) - 1;
        if (left > 0) subscribed.set(workspaceId, left);
        else subscribed.delete(workspaceId);
      };
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      registry.clear();
      subscribed.clear();
      const current = listener;
      listener = null;
      const pending = connecting;
      await Promise.allSettled([
        current?.end(),
        // A reconnect under way ends its own client once it sees `closed`; wait for that connection too.
        pending?.then((client) => client.end()),
        pool.end(),
      ]);
    },
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message || String((error as { code?: unknown }).code ?? 'unknown error') : String(error);
  return text.split('\n')[0] ?? text;
}
