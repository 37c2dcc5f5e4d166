/**
 * live() over a real socket against a scripted event stream: it pulls on ready and change events,
 * reconnects after drops with growing delays (taken from the clock it is given, so nothing sleeps for
 * real), and stops for good on a refusal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncClient, memorySyncState, type PullSummary, type SyncClock } from '../../src/sync/index.js';
import { json, startScriptedServer, type ScriptedServer } from './scripted-server.js';

const WS = 'ws_live';
let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(() => server.close());

function recordingClock(): SyncClock & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    async sleep(ms) {
      delays.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    random: () => 0.5,
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('live()', () => {
  it('pulls on every change event and reconnects with capped, growing delays after drops', async () => {
    let connections = 0;
    let seq = 0;
    server.handle((req, res) => {
      if (req.url.endsWith('/live')) {
        connections += 1;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        if (connections === 1) {
          // First connection: ready, a ping, then a change, then it stays open until the test ends it.
          seq = 1;
          res.write(`event: ready\ndata: {"seq":0}\n\n: ping\n\nevent: change\ndata: {"seq":1}\n\n`);
          setTimeout(() => res.end(), 50);
          return;
        }
        // Later connections drop before saying ready: the delay grows.
        res.end();
        return;
      }
      json(res, 200, { workspaceId: WS, since: 0, currentSeq: seq, nextSince: seq, hasMore: false, ahead: false, changes: [] });
    });
    const clock = recordingClock();
    const client = createSyncClient({ baseUrl: server.baseUrl, token: 't', workspaceId: WS, state: memorySyncState(), clock });
    const pulls: PullSummary[] = [];
    const stop = client.live({ minDelayMs: 100, maxDelayMs: 800, onPulled: (s) => pulls.push(s) });
    await until(() => connections >= 6, 'reconnections');
    await stop();
    expect(pulls.some((p) => p.lastSeq === 1)).toBe(true);
    expect(await client.lastSeq()).toBe(1);
    // Jitter 0.5 → 3/4 of each step: 100, 200, 400, 800 (cap), 800 … after the attempt counter restarts at ready.
    expect(clock.delays.slice(0, 5)).toEqual([75, 150, 300, 600, 600]);
    // A request already on the wire when stop() aborted it may still reach the server; none after that.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = connections;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connections).toBe(after);
  });

  it('stops for good when the server refuses the stream', async () => {
    let connections = 0;
    server.handle((_req, res) => {
      connections += 1;
      json(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in first', field: null } });
    });
    const errors: unknown[] = [];
    const statuses: string[] = [];
    const client = createSyncClient({ baseUrl: server.baseUrl, token: 't', workspaceId: WS, state: memorySyncState(), clock: recordingClock() });
    const stop = client.live({ onError: (e) => errors.push(e), onStatus: (s) => statuses.push(s) });
    await until(() => statuses.includes('stopped'), 'stop');
    await stop();
    expect(connections).toBe(1);
    expect(errors).toMatchObject([{ kind: 'refused', code: 'UNAUTHENTICATED', status: 401 }]);
  });

  it('reconnects when an open stream goes silent for longer than the idle timeout', async () => {
    let connections = 0;
    server.handle((req, res) => {
      if (req.url.endsWith('/live')) {
        connections += 1;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: ready\ndata: {"seq":0}\n\n');
        return; // then silence
      }
      json(res, 200, { workspaceId: WS, since: 0, currentSeq: 0, nextSince: 0, hasMore: false, ahead: false, changes: [] });
    });
    const client = createSyncClient({ baseUrl: server.baseUrl, token: 't', workspaceId: WS, state: memorySyncState(), clock: recordingClock() });
    const stop = client.live({ idleTimeoutMs: 100 });
    await until(() => connections >= 3, 'reconnection after silence');
    await stop();
    expect(connections).toBeGreaterThanOrEqual(3);
  });
});
