import { createHash, createHmac } from 'node:crypto';
import type http from 'node:http';
import Hawk from '@hapi/hawk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody, startHttpServer, type RunningServer } from '../support/servers.js';
import { engine, engineDeps, headerOf, send } from './auth-client.js';

const CREDENTIALS: Record<string, { id: string; key: string; algorithm: 'sha1' | 'sha256' }> = {
  dh37fgj492je: { id: 'dh37fgj492je', key: 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn', algorithm: 'sha256' },
  legacy: { id: 'legacy', key: 'old-sha1-key', algorithm: 'sha1' },
};
const seenNonces = new Set<string>();

/** @hapi/hawk's own server-side check, payload included when the client sent a hash. */
async function hawkServer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const payload = await readBody(req);
  try {
    const { credentials, artifacts } = await Hawk.server.authenticate(req, (id) => CREDENTIALS[id], {
      nonceFunc: (_key, nonce) => {
        if (seenNonces.has(nonce)) throw new Error('replayed nonce');
        seenNonces.add(nonce);
      },
    });
    if (artifacts.hash) Hawk.server.authenticatePayload(payload, credentials, artifacts, req.headers['content-type'] ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, id: credentials.id, ext: artifacts.ext ?? null, app: artifacts.app ?? null, dlg: artifacts.dlg ?? null, hash: artifacts.hash ?? null }));
  } catch (error) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: (error as Error).message }));
  }
}

let server: RunningServer;
beforeAll(async () => {
  server = await startHttpServer(hawkServer);
});
afterAll(async () => {
  await server.close();
  await engine.close();
});

const hawk = (params: Record<string, string | boolean> = {}) => ({
  type: 'hawk' as const,
  params: { authId: 'dh37fgj492je', authKey: CREDENTIALS.dh37fgj492je!.key, algorithm: 'sha256', ...params },
});

async function verdict(...args: Parameters<typeof send>): Promise<Record<string, unknown> & { status: number }> {
  const { response, text } = await send(...args);
  return { status: response.status, ...(JSON.parse(text) as Record<string, unknown>) };
}

describe('Hawk verified by @hapi/hawk on the server', () => {
  it('a GET with a query, ext, app and dlg', async () => {
    const result = await verdict({ url: `${server.url}/resource/1`, query: [{ key: 'b', value: '1 2' }] }, hawk({ extraData: 'some-app-data', app: 'my-app', delegation: 'other-app' }));
    expect(result).toMatchObject({ status: 200, ok: true, ext: 'some-app-data', app: 'my-app', dlg: 'other-app' });
  });

  it('a POST with the payload hash (body and Content-Type covered)', async () => {
    const result = await verdict(
      { method: 'POST', url: `${server.url}/items`, body: { mode: 'raw', raw: '{"name":"thing"}', language: 'json' } },
      hawk({ includePayloadHash: true }),
    );
    const expectedHash = createHash('sha256').update('hawk.1.payload\napplication/json\n{"name":"thing"}\n').digest('base64');
    expect(result).toMatchObject({ status: 200, ok: true, hash: expectedHash });
  });

  it('sha1 credentials', async () => {
    expect(await verdict({ url: `${server.url}/old` }, hawk({ authId: 'legacy', authKey: 'old-sha1-key', algorithm: 'sha1' }))).toMatchObject({ status: 200, ok: true, id: 'legacy' });
  });

  it('the MAC matches the Hawk normalized string computed here by hand', async () => {
    const deps = engineDeps({ now: () => new Date(), nonce: () => 'Ygvqdz' });
    const { requests, response } = await send({ url: `${server.url}/by-hand?x=y` }, hawk({ extraData: 'e' }), deps);
    expect(response.status).toBe(200);
    const header = headerOf(requests[0]!, 'authorization') ?? '';
    const ts = /ts="(\d+)"/.exec(header)?.[1];
    const normalized = `hawk.1.header\n${ts}\nYgvqdz\nGET\n/by-hand?x=y\n127.0.0.1\n${server.port}\n\ne\n`;
    const mac = createHmac('sha256', CREDENTIALS.dh37fgj492je!.key).update(normalized).digest('base64');
    expect(header).toBe(`Hawk id="dh37fgj492je", ts="${ts}", nonce="Ygvqdz", ext="e", mac="${mac}"`);
  });

  it('a wrong key is refused, and a replayed nonce too', async () => {
    expect(await verdict({ url: `${server.url}/x` }, hawk({ authKey: 'wrong' }))).toMatchObject({ status: 401, error: 'Bad mac' });
    const pinned = engineDeps({ nonce: () => 'same-nonce' });
    expect((await send({ url: `${server.url}/x` }, hawk(), pinned)).response.status).toBe(200);
    expect((await send({ url: `${server.url}/x` }, hawk(), pinned)).response.status).toBe(401);
  });

  it('an unknown algorithm names the field', async () => {
    await expect(send({ url: `${server.url}/x` }, hawk({ algorithm: 'md5' }))).rejects.toThrow('auth (hawk): algorithm "md5" is not one of sha256, sha1');
  });
});
