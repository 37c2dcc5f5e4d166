/**
 * The live sync feed (Server-Sent Events) on a real listening server, on both databases: the ready event
 * with the current sequence, a change event when another user pushes, pings, the headers, 404 for a
 * workspace the caller cannot see, letting go of the listener when the client leaves, and ending every
 * open stream when the app closes so that a graceful shutdown does not wait on them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { composeServer } from '../../../src/server/compose.js';
import { DATABASE_KINDS } from '../support/context.js';
import { openHarness, type Harness } from '../workspaces/harness.js';
import { collection, countingNotifier, listeningServer, openLive, pull, seqOf, syncWorld, type CountingNotifier, type ListeningServer, type PullPageView, type PushResultView, type SyncWorld } from './harness.js';

const PING_MS = 20;

describe.each(DATABASE_KINDS)('sync live stream on %s', (kind) => {
  let h: Harness;
  let world: SyncWorld;
  let server: ListeningServer;
  let notifier: CountingNotifier;

  beforeAll(async () => {
    h = await openHarness(kind);
    world = await syncWorld(h);
    notifier = countingNotifier();
    server = await listeningServer(h.test.ctx, { notifier, sync: { pingIntervalMs: PING_MS } });
  });
  afterAll(async () => {
    await server?.app.close();
    await notifier?.close();
    await h?.close();
  });

  const liveUrl = (workspaceId: string): string => `${server.url}/workspaces/${workspaceId}/sync/live`;

  async function pushOver(token: string, workspaceId: string, body: unknown): Promise<PushResultView> {
    const response = await fetch(`${server.url}/workspaces/${workspaceId}/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as PushResultView;
  }

  it('starts with the current sequence, then announces each push by another user, with pings between', async () => {
    const { workspaceId, owner, editor } = world;
    await pushOver(editor.token, workspaceId, { changes: [{ id: `before-${kind}`, type: 'collection', baseRevision: 0, content: collection('Before') }] });
    const currentSeq = (await pull(h, owner, workspaceId)).json<PullPageView>().currentSeq;
    expect(currentSeq).toBeGreaterThan(0);

    const live = await openLive(liveUrl(workspaceId), owner.token);
    try {
      expect(live.status).toBe(200);
      expect(live.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(live.headers.get('cache-control')).toBe('no-store');
      expect(live.headers.get('x-accel-buffering')).toBe('no');
      // The security headers every other route answers with.
      expect(live.headers.get('x-content-type-options')).toBe('nosniff');
      expect(live.headers.get('content-security-policy')).toContain("default-src 'none'");

      const ready = await live.next();
      expect(ready.event).toBe('ready');
      expect(seqOf(ready)).toBe(currentSeq);

      const result = await pushOver(editor.token, workspaceId, { changes: [{ id: `after-${kind}`, type: 'collection', baseRevision: 0, content: collection('After') }] });
      expect(result.currentSeq).toBe(currentSeq + 1);
      const change = await live.next((event) => event.event === 'change');
      expect(JSON.parse(change.data)).toEqual({ seq: currentSeq + 1 });

      const ping = await live.next((event) => event.event === 'comment');
      expect(ping.data).toBe('ping');
      // Nothing but ready, the one change, and pings.
      expect(live.seen.filter((event) => event.event !== 'comment').map((event) => event.event)).toEqual(['ready', 'change']);
    } finally {
      live.abort();
    }
  });

  it('lets an anonymous reader follow a public workspace, and hides a private one behind 404', async () => {
    const { owner, outsider, teamId, workspaceId } = world;
    const open = await h.workspace(owner, teamId, 'team', `Open ${kind}`);
    expect((await h.call(owner, 'PUT', `/workspaces/${open.id}/visibility`, { visibility: 'public' })).statusCode).toBe(200);
    const live = await openLive(liveUrl(open.id), null);
    try {
      expect(live.status).toBe(200);
      expect(seqOf(await live.next())).toBe(0);
      await pushOver(owner.token, open.id, { changes: [{ id: 'first', type: 'collection', baseRevision: 0, content: collection('First') }] });
      expect(seqOf(await live.next((event) => event.event === 'change'))).toBe(1);
    } finally {
      live.abort();
    }

    for (const token of [outsider.token, null]) {
      const response = await fetch(liveUrl(workspaceId), { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(((await response.json()) as { error: { code: string; field: string } }).error).toMatchObject({ code: 'NOT_FOUND', field: 'workspaceId' });
    }
  });

  it('lets go of its listener when the client disconnects', async () => {
    const base = notifier.subscriptions;
    const live = await openLive(liveUrl(world.workspaceId), world.viewer.token);
    expect((await live.next()).event).toBe('ready');
    expect(notifier.subscriptions).toBe(base + 1);
    live.abort();
    await vi.waitFor(() => expect(notifier.subscriptions).toBe(base), { timeout: 10_000, interval: 20 });
  });

  it('ends every open stream cleanly when the app closes, so that closing does not hang', async () => {
    const own = countingNotifier();
    const closing = await listeningServer(h.test.ctx, { notifier: own, sync: { pingIntervalMs: 60_000 } });
    const streams = await Promise.all([world.owner, world.editor].map((user) => openLive(`${closing.url}/workspaces/${world.workspaceId}/sync/live`, user.token)));
    for (const live of streams) expect((await live.next()).event).toBe('ready');
    expect(own.subscriptions).toBe(2);

    await closing.app.close();
    // Each stream was ended by the server (a clean end of the response, not a broken connection).
    for (const live of streams) await expect(live.ended).resolves.toBeUndefined();
    expect(own.subscriptions).toBe(0);
    await expect(fetch(`${closing.url}/healthz`)).rejects.toThrow();
    await own.close();
  });

  it('closes the notifier it made when the app closes, but not one it was given', async () => {
    const made = await composeServer(h.test.ctx, { rateLimit: null });
    const given = countingNotifier();
    const withGiven = await composeServer(h.test.ctx, { rateLimit: null, notifier: given });
    expect(withGiven.notifier).toBe(given);
    const heard: string[] = [];
    made.notifier.subscribe('w', () => heard.push('made'));
    given.subscribe('w', () => heard.push('given'));
    await made.app.close();
    await withGiven.app.close();
    await made.notifier.publish({ workspaceId: 'w', seq: 1 });
    await given.publish({ workspaceId: 'w', seq: 1 });
    expect(heard).toEqual(['given']);
    await given.close();
  });
});
