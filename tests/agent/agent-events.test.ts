import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../src/agent/index.js';
import { frames, openEvents, startTestAgent, until, type StandInBackend } from './harness.js';

let agent: RunningAgent;
let backend: StandInBackend;
beforeAll(async () => {
  ({ agent, backend } = await startTestAgent());
});
afterAll(async () => agent.close());

const SYNCED = { state: 'synced', lastSyncedAt: '2026-11-29T00:00:00.000Z' };

describe('WebSocket /api/events', () => {
  it('streams the events a client subscribed to, after the token handshake', async () => {
    const opened = await openEvents(agent);
    if (!('socket' in opened)) throw new Error(`refused with ${opened.refused}`);
    const { socket } = opened;
    expect(socket.protocol).toBe('postern.events.v1');
    const inbox = frames(socket);
    socket.send(JSON.stringify({ type: 'subscribe', event: 'sync.status' }));
    expect(await inbox.next()).toEqual({ type: 'subscribed', event: 'sync.status' });
    expect(backend.listenerCount('sync.status')).toBe(1);
    backend.emit('runner.progress', { runId: 'r', event: { type: 'beforeItem' } });
    backend.emit('sync.status', SYNCED);
    expect(await inbox.next()).toEqual({ type: 'event', event: 'sync.status', payload: SYNCED });

    socket.send(JSON.stringify({ type: 'unsubscribe', event: 'sync.status' }));
    expect(await inbox.next()).toEqual({ type: 'unsubscribed', event: 'sync.status' });
    expect(backend.listenerCount('sync.status')).toBe(0);
    socket.close();
  });

  it('checks payloads against the contract before they reach the page', async () => {
    const opened = await openEvents(agent);
    if (!('socket' in opened)) throw new Error('refused');
    const inbox = frames(opened.socket);
    opened.socket.send(JSON.stringify({ type: 'subscribe', event: 'sync.status' }));
    await inbox.next();
    backend.emit('sync.status', { state: 'synced', token: 'plaintext-secret' });
    const frame = await inbox.next();
    expect(frame).toMatchObject({ type: 'error', error: { code: 'INTERNAL' } });
    expect(JSON.stringify(frame)).not.toContain('plaintext-secret');
    opened.socket.close();
  });

  it('refuses unknown event names and malformed frames with a typed error naming the field', async () => {
    const opened = await openEvents(agent);
    if (!('socket' in opened)) throw new Error('refused');
    const inbox = frames(opened.socket);
    opened.socket.send(JSON.stringify({ type: 'subscribe', event: 'fs.watch' }));
    expect(await inbox.next()).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT', where: { path: 'event' } } });
    opened.socket.send(JSON.stringify({ type: 'exec', event: 'sync.status' }));
    expect(await inbox.next()).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT', where: { path: 'type' } } });
    opened.socket.send('not json');
    expect(await inbox.next()).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } });
    expect(backend.listenerCount('sync.status')).toBe(0);
    opened.socket.close();
  });

  it('drops the subscriptions of a client that goes away', async () => {
    const opened = await openEvents(agent);
    if (!('socket' in opened)) throw new Error('refused');
    const inbox = frames(opened.socket);
    opened.socket.send(JSON.stringify({ type: 'subscribe', event: 'runner.progress' }));
    await inbox.next();
    expect(backend.listenerCount('runner.progress')).toBe(1);
    opened.socket.terminate();
    await until(() => backend.listenerCount('runner.progress') === 0);
  });

  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }, 403],
    ['the null Origin', { origin: 'null' }, 403],
    ['no Origin', { origin: null }, 403],
    ['a rebinding Host', { host: 'evil.example:PORT', origin: 'http://evil.example:PORT' }, 403],
    ['no token', { protocols: ['postern.events.v1'] }, 401],
    ['a wrong token', { protocols: ['postern.events.v1', 'postern.token.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'] }, 401],
  ] as const)('refuses a handshake with %s', async (_what, options, status) => {
    const withPort = {
      ...options,
      ...('host' in options ? { host: options.host.replace('PORT', String(agent.port)), origin: options.origin.replace('PORT', String(agent.port)) } : {}),
    };
    const result = await openEvents(agent, withPort as Parameters<typeof openEvents>[1]);
    expect(result).toMatchObject({ refused: status });
    if ('body' in result) {
      expect(JSON.parse(result.body)).toMatchObject({ ok: false, error: { code: status === 401 ? 'AGENT_UNAUTHORIZED' : 'AGENT_FORBIDDEN' } });
      expect(result.body).not.toContain(agent.token);
    }
  });

  it('refuses a token passed in the URL query (it would land in logs)', async () => {
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(`ws://127.0.0.1:${agent.port}/api/events?token=${agent.token}`, ['postern.events.v1'], { origin: agent.origin });
    const status = await new Promise<number>((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('open', () => reject(new Error('opened')));
    });
    expect(status).toBe(401);
  });

  it('closes open sockets when the agent stops', async () => {
    const { agent: own } = await startTestAgent();
    const opened = await openEvents(own);
    if (!('socket' in opened)) throw new Error('refused');
    const closed = new Promise<number>((resolve) => opened.socket.once('close', (code) => resolve(code)));
    await own.close();
    expect(await closed).toBe(1001);
  });
});
