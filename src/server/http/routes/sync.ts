/**
 * Sync routes (issue 7 §2): pull a workspace's changes since a sequence number, push changes based on
 * the revisions the client had, and a live Server-Sent Events feed that tells connected clients when to
 * pull. Every route sits behind the workspace guard (404 for a workspace the caller cannot see); the
 * elements service checks each pushed change against the caller's element roles and the Postman shape.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ServerError } from '../../errors.js';
import type { ChangeNotifier } from '../../notify/index.js';
import {
  ELEMENT_ID_PATTERN,
  PULL_DEFAULT_LIMIT,
  PULL_MAX_LIMIT,
  PUSH_MAX_CHANGES,
  SYNC_ELEMENT_TYPES,
  type ElementsService,
} from '../../services/elements/index.js';
import type { RoutePlugin } from '../app.js';
import { workspaceOf } from '../guard.js';
import { createEventStream, createEventStreamSet, EVENT_STREAM_HEADERS, type EventStream } from './sse.js';
import { actorOf } from './teams.js';

/** Pushes carry whole collections: far above the app's default body limit. */
export const PUSH_BODY_LIMIT = 16 * 1024 * 1024;
/** How often the live feed writes a comment so that idle proxies keep the stream open. */
export const LIVE_PING_INTERVAL_MS = 25_000;

export interface SyncRouteOptions {
  /** Milliseconds between `: ping` comments on live streams (tests shorten it). */
  readonly pingIntervalMs?: number;
  /** Largest push body in bytes (default PUSH_BODY_LIMIT; tests lower it). */
  readonly pushBodyLimit?: number;
}

const WorkspaceParams = z.strictObject({ workspaceId: z.string().min(1).max(100) });
const ElementType = z.enum(SYNC_ELEMENT_TYPES);
const Seq = z.number().int().min(0);
/** The element's JSON in Postman shape; the service checks the shape and answers with its JSON path. */
const Content = z.record(z.string(), z.unknown()).describe('Postman collection v2.1 (or v2.0), environment or globals JSON');

const PullQuery = z.strictObject({
  since: z.coerce.number().int().min(0).default(0).describe('The nextSince of the previous pull; 0 for everything'),
  limit: z.coerce.number().int().min(1).max(PULL_MAX_LIMIT).default(PULL_DEFAULT_LIMIT).describe(`Page size, 1 to ${PULL_MAX_LIMIT} (default ${PULL_DEFAULT_LIMIT})`),
});

const ElementStateSchema = z.object({
  id: z.string(),
  type: ElementType,
  revision: z.number().int(),
  seq: Seq,
  deleted: z.boolean(),
  name: z.string(),
  content: Content.nullable().describe('null for a deleted element (tombstone)'),
  updatedAt: z.number(),
  updatedBy: z.string(),
});

const PullPageSchema = z.object({
  workspaceId: z.string(),
  since: Seq,
  currentSeq: Seq.describe("The workspace's latest change sequence number"),
  nextSince: Seq.describe('Pass as since for the next page'),
  hasMore: z.boolean(),
  ahead: z.boolean().describe('since is beyond currentSeq: nothing is returned; pull from 0 again'),
  message: z.string().optional(),
  changes: z.array(ElementStateSchema).readonly(),
});

const PushChangeSchema = z.strictObject({
  id: z.string().regex(ELEMENT_ID_PATTERN, 'must be 1 to 64 letters, digits, "_" or "-", starting with a letter or digit'),
  type: ElementType,
  baseRevision: z.number().int().min(0).describe('The revision the change was made on; 0 for a new element'),
  deleted: z.boolean().optional().describe('true: delete the element (no content)'),
  content: Content.optional().describe('The whole element (initial values only; current values are refused)'),
});

const PushBody = z.strictObject({ changes: z.array(PushChangeSchema).max(PUSH_MAX_CHANGES) });

const PushResultSchema = z.object({
  workspaceId: z.string(),
  currentSeq: Seq,
  applied: z.array(
    z.object({
      id: z.string(),
      type: ElementType,
      revision: z.number().int(),
      seq: Seq,
      deleted: z.boolean(),
      unchanged: z.boolean().describe('The server already had exactly this; nothing new was written'),
    }),
  ).readonly(),
  conflicts: z.array(
    z.object({
      id: z.string(),
      type: ElementType,
      baseRevision: z.number().int(),
      reason: z.enum(['stale', 'exists']),
      server: ElementStateSchema.describe('The version the change was not applied over'),
      client: z.object({ deleted: z.boolean(), content: Content.nullable() }).describe('What the client sent'),
    }),
  ).readonly(),
});

/** Sends JSON text a service already produced: Fastify passes a string with a JSON content type through as it is. */
function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.header('content-type', 'application/json; charset=utf-8').send(json);
}

export function syncRoutes(elements: ElementsService, notifier: ChangeNotifier, options: SyncRouteOptions = {}): RoutePlugin {
  const pingIntervalMs = options.pingIntervalMs ?? LIVE_PING_INTERVAL_MS;
  return (app) => {
    const tags = ['sync'];
    const streams = createEventStreamSet();
    // preClose, not onClose: the server waits for open responses before onClose hooks run.
    app.addHook('preClose', async () => streams.endAll());

    app.get(
      '/workspaces/:workspaceId/sync/changes',
      {
        config: { access: { kind: 'workspace', action: 'element.view', public: true, apiKey: true } },
        schema: { tags, summary: "A workspace's changes since a sequence number, oldest first", params: WorkspaceParams, querystring: PullQuery, response: { 200: PullPageSchema } },
      },
      // Sent as the service's JSON text (the schema above documents it; a string is not serialised again).
      async (request, reply) => sendJsonText(reply, await elements.pullJson(workspaceOf(request), request.query.since, request.query.limit)),
    );

    app.post(
      '/workspaces/:workspaceId/sync/push',
      {
        // Signed in; the service asks authz for element.create / update / delete change by change.
        config: { access: { kind: 'workspace', action: 'element.view', apiKey: true } },
        bodyLimit: options.pushBodyLimit ?? PUSH_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Apply changes made on the given revisions; stale ones come back as conflicts, not applied',
          params: WorkspaceParams,
          body: PushBody,
          response: { 200: PushResultSchema },
        },
      },
      async (request) => elements.push(actorOf(request), workspaceOf(request), request.body.changes),
    );

    app.get(
      '/workspaces/:workspaceId/sync/live',
      {
        config: { access: { kind: 'workspace', action: 'element.view', public: true, apiKey: true } },
        schema: {
          tags,
          summary: 'Server-Sent Events: "ready" with the current sequence, then "change" with each new one; pull on each',
          params: WorkspaceParams,
          produces: ['text/event-stream'],
        },
      },
      async (request, reply) => {
        if (!streams.accepting) throw new ServerError('SHUTTING_DOWN', 'The server is shutting down; reconnect shortly');
        const access = workspaceOf(request);
        // A pull from beyond any sequence reads no element, only the workspace's latest sequence number.
        const currentSeq = async (): Promise<number> => (await elements.pull(access, Number.MAX_SAFE_INTEGER, 1)).currentSeq;
        const stream = await openLiveFeed(notifier, access.workspace.id, currentSeq, pingIntervalMs);
        streams.add(stream);
        return reply.headers(EVENT_STREAM_HEADERS).send(stream.body);
      },
    );
  };
}

/**
 * A workspace's live feed: `ready` with the current sequence, then `change` for each later one the
 * notifier hears (never one already announced), and a ping comment every `pingIntervalMs`.
 */
async function openLiveFeed(notifier: ChangeNotifier, workspaceId: string, currentSeq: () => Promise<number>, pingIntervalMs: number): Promise<EventStream> {
  const stream = createEventStream();
  let announced: number | null = null;
  let heard = 0;
  const announce = (seq: number): void => {
    if (announced === null || seq <= announced) return;
    announced = seq;
    stream.event('change', { seq });
  };
  // Listen before reading the current sequence, so a push committed in between is not missed.
  const unsubscribe = notifier.subscribe(workspaceId, (change) => {
    heard = Math.max(heard, change.seq);
    announce(change.seq);
  });
  stream.onClose(unsubscribe);
  try {
    announced = await currentSeq();
  } catch (error) {
    stream.end();
    throw error;
  }
  stream.event('ready', { seq: announced });
  announce(heard);
  const ping = setInterval(() => stream.comment('ping'), pingIntervalMs);
  stream.onClose(() => clearInterval(ping));
  return stream;
}
