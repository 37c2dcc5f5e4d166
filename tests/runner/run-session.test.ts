/**
 * What a run shares across requests (one cookie jar, inherited auth) and how it stops: cancellation and
 * the run's time limit end the request in flight and skip the rest.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CookieStore } from '../../src/engine/index.js';
import { defaultSettings } from '../../src/model/index.js';
import { runCollection, type RunEvent } from '../../src/runner/index.js';
import { collectionOf, folder, headerOf, paths, record, request, startRoutesServer, type RoutesServer } from './runner-helpers.js';

let server: RoutesServer;

beforeAll(async () => {
  server = await startRoutesServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
});

describe('cookies', () => {
  it('keeps one jar across requests and iterations, starting from a given jar', async () => {
    const jar = new CookieStore();
    jar.store(new URL(server.url), ['preset=1; Path=/']);
    const collection = collectionOf({
      items: [request('read-before', `${server.url}/cookies`), request('set', `${server.url}/set-cookie?session=s1`), request('read-after', `${server.url}/cookies`)],
    });
    const { result } = await record({ collection, cookies: jar, iterationCount: 2 });
    const cookieHeaders = server.received.map((echo) => headerOf(echo, 'Cookie') ?? null);
    expect(cookieHeaders).toEqual(['preset=1', 'preset=1', 'preset=1; session=s1', 'preset=1; session=s1', 'preset=1; session=s1', 'preset=1; session=s1']);
    expect(result.failures).toEqual([]);
    expect(jar.all()?.cookies.map((cookie) => cookie.key).sort()).toEqual(['preset', 'session']);
  });

  it('sends no cookies where the collection disables them', async () => {
    const jar = new CookieStore();
    jar.store(new URL(server.url), ['preset=1; Path=/']);
    await record({ collection: collectionOf({ protocolProfileBehavior: { disableCookies: true }, items: [request('r', `${server.url}/cookies`)] }), cookies: jar });
    expect(headerOf(server.received[0], 'Cookie')).toBeUndefined();
  });
});

describe('auth', () => {
  it('inherits auth from the collection and folders; the nearest level wins and noauth stops it', async () => {
    const collection = collectionOf({
      auth: { type: 'basic', params: { username: '{{user}}', password: 'secret' } },
      items: [
        request('from-collection', `${server.url}/a`),
        folder('Bearer', [request('from-folder', `${server.url}/b`), request('own', `${server.url}/c`, { auth: { type: 'apikey', params: { key: 'X-Api-Key', value: 'k1', in: 'header' } } })], {
          auth: { type: 'bearer', params: { token: 't-{{user}}' } },
        }),
        request('none', `${server.url}/d`, { auth: { type: 'noauth', params: {} } }),
      ],
    });
    await record({ collection, environment: { id: 'e', name: 'E', values: [{ key: 'user', initialValue: 'ada', type: 'default', enabled: true }] } });
    const [a, b, c, d] = server.received;
    expect(headerOf(a, 'Authorization')).toBe(`Basic ${Buffer.from('ada:secret').toString('base64')}`);
    expect(headerOf(b, 'Authorization')).toBe('Bearer t-ada');
    expect(headerOf(c, 'X-Api-Key')).toBe('k1');
    expect(headerOf(c, 'Authorization')).toBeUndefined();
    expect(headerOf(d, 'Authorization')).toBeUndefined();
  });

  it('answers a digest challenge with a second round trip', async () => {
    const collection = collectionOf({ items: [request('digest', `${server.url}/digest`, { auth: { type: 'digest', params: { username: 'ada', password: 'lovelace' } } })] });
    const { result } = await record({ collection });
    expect(paths(server)).toEqual(['/digest', '/digest']);
    expect(result.executions[0]?.response?.code).toBe(200);
    expect(result.executions[0]?.request?.headers.find(([name]) => name === 'Authorization')?.[1]).toMatch(/^Digest username="ada"/);
    expect(result.stats.requests.total).toBe(1);
  });

  it('a wrong digest password gets the 401, without looping', async () => {
    const collection = collectionOf({ items: [request('digest', `${server.url}/digest`, { auth: { type: 'digest', params: { username: 'ada', password: 'wrong' } } })] });
    const { result } = await record({ collection });
    expect(paths(server)).toEqual(['/digest', '/digest']);
    expect(result.executions[0]?.response?.code).toBe(401);
  });
});

describe('stopping', () => {
  const slowThenMore = (): ReturnType<typeof collectionOf> =>
    collectionOf({ items: [request('fast', `${server.url}/fast`), request('slow', `${server.url}/slow`), request('never', `${server.url}/never`)] });

  it('cancels promptly: the request in flight is aborted and nothing more is sent', async () => {
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const running = runCollection({ collection: slowThenMore(), iterationCount: 5, signal: controller.signal, onEvent: (event) => events.push(event) });
    await server.waitFor('/slow');
    controller.abort();
    const result = await running;
    expect(result.stopped).toBe('cancelled');
    expect(paths(server)).toEqual(['/fast', '/slow']);
    expect(result.failures).toEqual([]);
    expect(result.stats.iterations.total).toBe(0);
    expect(events.at(-1)?.type).toBe('done');
  });

  it('a run already cancelled sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCollection({ collection: slowThenMore(), signal: controller.signal });
    expect(result.stopped).toBe('cancelled');
    expect(paths(server)).toEqual([]);
  });

  it('stops at the time limit with an error saying so', async () => {
    const result = await runCollection({ collection: slowThenMore(), timeoutMs: 300 });
    expect(result.stopped).toBe('timeout');
    expect(result.error?.message).toBe('the run took longer than its time limit of 300 ms');
    expect(paths(server)).toEqual(['/fast', '/slow']);
  });

  it('a per-request timeout fails that request and the run goes on', async () => {
    const result = await runCollection({
      collection: slowThenMore(),
      settings: { ...defaultSettings(), timeouts: { connectMs: 30_000, requestMs: 200 } },
    });
    expect(result.stopped).toBeNull();
    expect(result.failures.map((failure) => [failure.source.id, failure.error.code])).toEqual([['slow', 'REQUEST_TIMEOUT']]);
    expect(paths(server)).toEqual(['/fast', '/slow', '/never']);
  });
});
