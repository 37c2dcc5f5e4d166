/**
 * Sync over HTTP: a team with a private workspace and members at each workspace role, Postman documents
 * to push, and a live-stream reader for a server listening on a real port (Server-Sent Events cannot be
 * read through inject: the response never ends on its own).
 */
import http, { type IncomingMessage } from 'node:http';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { composeServer, type ServerAppOptions } from '../../../src/server/compose.js';
import type { ServerContext } from '../../../src/server/context.js';
import { memoryNotifier, type ChangeNotifier } from '../../../src/server/notify/index.js';
import type { Harness, TestUser } from '../workspaces/harness.js';

export const COLLECTION_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** A Postman v2.1 collection with one request. */
export function collection(name: string, url = 'https://api.example.com/things'): Record<string, unknown> {
  return { info: { name, schema: COLLECTION_SCHEMA }, item: [{ name: 'List things', request: { method: 'GET', url } }] };
}

/** A Postman environment export with initial values only. */
export function environment(name: string, values: Record<string, string>): Record<string, unknown> {
  return { name, values: Object.entries(values).map(([key, value]) => ({ key, value, enabled: true })) };
}

export interface ChangeInput {
  id: string;
  type: 'collection' | 'environment' | 'globals';
  baseRevision: number;
  deleted?: boolean;
  content?: unknown;
}

export interface ElementStateView {
  id: string;
  type: string;
  revision: number;
  seq: number;
  deleted: boolean;
  name: string;
  content: Record<string, unknown> | null;
  updatedAt: number;
  updatedBy: string;
}

export interface PullPageView {
  workspaceId: string;
  since: number;
  currentSeq: number;
  nextSince: number;
  hasMore: boolean;
  ahead: boolean;
  message?: string;
  changes: ElementStateView[];
}

export interface PushResultView {
  workspaceId: string;
  currentSeq: number;
  applied: { id: string; type: string; revision: number; seq: number; deleted: boolean; unchanged: boolean }[];
  conflicts: { id: string; type: string; baseRevision: number; reason: string; server: ElementStateView; client: { deleted: boolean; content: Record<string, unknown> | null } }[];
}

/** Everyone a sync test needs around one private workspace of a Professional team. */
export interface SyncWorld {
  readonly teamId: string;
  readonly workspaceId: string;
  /** Created the workspace: its Admin. */
  readonly owner: TestUser;
  readonly editor: TestUser;
  readonly viewer: TestUser;
  /** A team member the private workspace was not shared with. */
  readonly outsider: TestUser;
}

export async function syncWorld(h: Harness): Promise<SyncWorld> {
  const owner = await h.user('owner');
  const editor = await h.user('editor');
  const viewer = await h.user('viewer');
  const outsider = await h.user('outsider');
  const teamId = await h.team(owner, 'professional');
  for (const member of [editor, viewer, outsider]) await h.add(owner, teamId, member, ['developer']);
  const workspace = await h.workspace(owner, teamId, 'private', 'Sync');
  for (const [member, role] of [[editor, 'editor'], [viewer, 'viewer']] as const) {
    const added = await h.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'user', id: member.id, role });
    if (added.statusCode !== 201) throw new Error(`add workspace member: ${added.statusCode} ${added.body}`);
  }
  return { teamId, workspaceId: workspace.id, owner, editor, viewer, outsider };
}

export function push(h: Harness, user: TestUser | null, workspaceId: string, changes: readonly ChangeInput[]): Promise<LightMyRequestResponse> {
  return h.call(user, 'POST', `/workspaces/${workspaceId}/sync/push`, { changes });
}

export function pull(h: Harness, user: TestUser | null, workspaceId: string, query = ''): Promise<LightMyRequestResponse> {
  return h.call(user, 'GET', `/workspaces/${workspaceId}/sync/changes${query}`);
}

/** A notifier that counts its live subscriptions, so a test can see a stream let go of its listener. */
export interface CountingNotifier extends ChangeNotifier {
  readonly subscriptions: number;
}

export function countingNotifier(): CountingNotifier {
  const inner = memoryNotifier();
  let subscriptions = 0;
  return {
    get subscriptions() {
      return subscriptions;
    },
    publish: (change) => inner.publish(change),
    subscribe(workspaceId, listener) {
      subscriptions += 1;
      const unsubscribe = inner.subscribe(workspaceId, listener);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        subscriptions -= 1;
        unsubscribe();
      };
    },
    close: () => inner.close(),
  };
}

export interface ListeningServer {
  readonly app: FastifyInstance;
  readonly url: string;
}

/** A second app over the same database, listening on a free port of 127.0.0.1. */
export async function listeningServer(ctx: ServerContext, options: ServerAppOptions): Promise<ListeningServer> {
  const { app } = await composeServer(ctx, { rateLimit: null, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

export interface ServerEvent {
  /** `comment` for a `: …` line. */
  readonly event: string;
  readonly data: string;
}

/** A live stream as a client reads it: events in order, and whether the server ended it. */
export interface LiveStream {
  readonly status: number;
  readonly headers: Headers;
  /** The next event (comments included) that `matches`; earlier ones are skipped. */
  next(matches?: (event: ServerEvent) => boolean): Promise<ServerEvent>;
  /** Resolves when the server ends the stream cleanly; rejects if the connection breaks instead. */
  readonly ended: Promise<void>;
  /** Every event read so far. */
  readonly seen: readonly ServerEvent[];
  abort(): void;
}

/**
 * Opens a live stream with node:http on a connection of its own (no agent): aborting it closes that
 * connection, and nothing is left open for the server's close to wait on.
 */
export async function openLive(url: string, token: string | null): Promise<LiveStream> {
  const request = http.get(url, { agent: false, headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const response = await new Promise<IncomingMessage>((resolve, reject) => request.once('response', resolve).once('error', reject));
  const seen: ServerEvent[] = [];
  const waiters: { from: number; matches: (event: ServerEvent) => boolean; resolve: (event: ServerEvent) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | null = null;
  const check = (): void => {
    for (const waiter of [...waiters]) {
      const found = seen.slice(waiter.from).find(waiter.matches);
      if (found === undefined && failure === null) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      if (found !== undefined) waiter.resolve(found);
      else waiter.reject(failure ?? new Error('the stream ended'));
    }
  };
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      seen.push(parseBlock(buffer.slice(0, cut)));
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf('\n\n');
    }
    check();
  });
  const ended = new Promise<void>((resolve, reject) => {
    // `end` comes only after the server's last chunk: a cut connection closes without it.
    response.once('end', () => {
      failure = new Error('the stream ended');
      check();
      resolve();
    });
    response.once('close', () => {
      if (response.complete) return;
      failure = new Error('the connection broke before the stream ended');
      check();
      reject(failure);
    });
  });
  ended.catch(() => undefined);
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, [value].flat().join(', '));
  let consumed = 0;
  return {
    status: response.statusCode ?? 0,
    headers,
    seen,
    ended,
    next(matches = () => true) {
      return new Promise<ServerEvent>((resolve, reject) => {
        waiters.push({
          from: consumed,
          matches,
          resolve: (event) => {
            consumed = seen.indexOf(event) + 1;
            resolve(event);
          },
          reject,
        });
        check();
      });
    },
    abort: () => request.destroy(),
  };
}

function parseBlock(block: string): ServerEvent {
  if (block.startsWith(':')) return { event: 'comment', data: block.slice(1).trim() };
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trim());
  }
  return { event, data: data.join('\n') };
}

export function seqOf(event: ServerEvent): number {
  return (JSON.parse(event.data) as { seq: number }).seq;
}
