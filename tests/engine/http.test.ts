import { readFileSync, statSync } from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, responseText } from '../../src/engine/index.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { describeRequest, readBody, startHttpServer, type RunningServer } from '../support/servers.js';
import { echoOf, failure, header, opts, req } from './engine-helpers.js';

let echo: RunningServer;
let other: RunningServer;
let special: RunningServer;
let tmp: TempDir;
const engine = new Engine();

beforeAll(async () => {
  tmp = makeTempDir();
  echo = await startHttpServer();
  other = await startHttpServer();
  special = await startHttpServer(async (request, res) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const body = await readBody(request);
    const n = Number(url.searchParams.get('n') ?? '0');
    switch (url.pathname) {
      case '/gzip':
      case '/deflate':
      case '/deflate-raw':
      case '/br':
      case '/gzip-br': {
        const text = Buffer.from('compressed '.repeat(1000));
        const encoded =
          url.pathname === '/gzip' ? zlib.gzipSync(text)
          : url.pathname === '/deflate' ? zlib.deflateSync(text)
          : url.pathname === '/deflate-raw' ? zlib.deflateRawSync(text)
          : url.pathname === '/br' ? zlib.brotliCompressSync(text)
          : zlib.brotliCompressSync(zlib.gzipSync(text));
        const encoding = url.pathname === '/deflate-raw' ? 'deflate' : url.pathname === '/gzip-br' ? 'gzip, br' : url.pathname.slice(1);
        res.writeHead(200, { 'content-encoding': encoding, 'content-length': encoded.length });
        res.end(encoded);
        return;
      }
      case '/bad-gzip':
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end('this is not gzip');
        return;
      case '/redirect': {
        const to = url.searchParams.get('to') ?? '/';
        res.writeHead(Number(url.searchParams.get('status') ?? '302'), { location: to });
        res.end();
        return;
      }
      case '/loop':
        res.writeHead(302, { location: `/loop?n=${n + 1}` });
        res.end();
        return;
      case '/big':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.alloc(n, 0x61));
        return;
      case '/slow':
        setTimeout(() => res.end('late'), 2000);
        return;
      case '/cookies/set':
        res.writeHead(200, { 'set-cookie': ['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/cookies'] });
        res.end();
        return;
      default: {
        const payload = JSON.stringify(describeRequest(request, body));
        res.writeHead(200, { 'content-type': 'application/json', 'x-repeat': ['one', 'two'], 'X-Mixed-Case': 'yes' });
        res.end(payload);
      }
    }
  });
});

afterAll(async () => {
  await engine.close();
  await Promise.all([echo.close(), other.close(), special.close()]);
  tmp.cleanup();
});

describe('methods, headers and bodies', () => {
  it('sends any method, custom ones included, with headers in order and repeats kept', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PURGE', 'PROPFIND']) {
      const r = await engine.send(req({ method, url: `${echo.url}/m`, headers: [{ key: 'X-A', value: '1' }, { key: 'X-B', value: '2' }, { key: 'X-A', value: '3' }, { key: 'X-Off', value: 'no', enabled: false }] }), opts());
      const e = await echoOf(r);
      expect(e.method).toBe(method);
      expect(header(e, 'x-a')).toEqual(['1', '3']);
      expect(header(e, 'x-off')).toEqual([]);
      expect(e.rawHeaders.findIndex(([n]) => n === 'X-A')).toBeLessThan(e.rawHeaders.findIndex(([n]) => n === 'X-B'));
    }
    const head = await engine.send(req({ method: 'HEAD', url: `${echo.url}/h` }), opts());
    expect(head.status).toBe(200);
    expect(head.size.decodedBody).toBe(0);
  });

  it('returns response headers raw, in order, with repeats', async () => {
    const r = await engine.send(req({ url: `${special.url}/echo` }), opts());
    expect(r.headers.filter(([n]) => n.toLowerCase() === 'x-repeat').map(([, v]) => v)).toEqual(['one', 'two']);
    expect(r.headers.some(([n]) => n === 'X-Mixed-Case')).toBe(true);
  });

  it('sends raw, urlencoded, graphql and file bodies', async () => {
    const raw = await echoOf(await engine.send(req({ method: 'POST', url: echo.url, body: { mode: 'raw', raw: '{"a":1}', language: 'json' } }), opts()));
    expect(Buffer.from(raw.bodyBase64, 'base64').toString()).toBe('{"a":1}');
    expect(header(raw, 'content-type')).toEqual(['application/json']);

    const form = await echoOf(await engine.send(req({ method: 'POST', url: echo.url, body: { mode: 'urlencoded', urlencoded: [{ key: 'a b', value: 'c&d' }, { key: 'off', value: 'x', enabled: false }] } }), opts()));
    expect(Buffer.from(form.bodyBase64, 'base64').toString()).toBe('a+b=c%26d');
    expect(header(form, 'content-type')).toEqual(['application/x-www-form-urlencoded']);

    const gql = await echoOf(await engine.send(req({ method: 'POST', url: echo.url, body: { mode: 'graphql', graphql: { query: '{ me { id } }', variables: '{"x":1}' } } }), opts()));
    expect(JSON.parse(Buffer.from(gql.bodyBase64, 'base64').toString())).toEqual({ query: '{ me { id } }', variables: { x: 1 } });

    const path = tmp.write('upload.bin', Buffer.alloc(100_000, 7));
    const file = await echoOf(await engine.send(req({ method: 'PUT', url: echo.url, body: { mode: 'file', file: { src: path } } }), opts()));
    expect(file.bodyLength).toBe(100_000);
    expect(header(file, 'content-length')).toEqual(['100000']);
  });

  it('streams multipart files from disk with an exact Content-Length', async () => {
    const a = tmp.write('a.json', '{"x":1}');
    const big = tmp.write('big.bin', Buffer.alloc(3 * 1024 * 1024, 1));
    const r = await engine.send(
      req({
        method: 'POST',
        url: echo.url,
        body: {
          mode: 'formdata',
          formdata: [
            { type: 'text', key: 'name', value: 'Ada' },
            { type: 'file', key: 'docs', src: [a, big] },
            { type: 'text', key: 'skip', value: 'x', enabled: false },
          ],
        },
      }),
      opts(),
    );
    const e = await echoOf(r);
    const body = Buffer.from(e.bodyBase64, 'base64');
    const type = header(e, 'content-type')[0] ?? '';
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(header(e, 'content-length')[0])).toBe(body.length);
    expect(header(e, 'transfer-encoding')).toEqual([]);
    const parsed = await new Response(body, { headers: { 'content-type': type } }).formData();
    expect(parsed.get('name')).toBe('Ada');
    const files = parsed.getAll('docs') as File[];
    expect(files.map((f) => f.name)).toEqual(['a.json', 'big.bin']);
    expect(files[0]?.type).toBe('application/json');
    expect(files[1]?.size).toBe(statSync(big).size);
    expect(parsed.has('skip')).toBe(false);
  });

  it('names a missing upload file', async () => {
    const f = await failure(engine.send(req({ method: 'POST', url: echo.url, body: { mode: 'file', file: { src: tmp.file('missing.bin') } } }), opts()));
    expect(f.code).toBe('FILE_UNREADABLE');
    expect(f.line).toContain('missing.bin');
  });
});

describe('decoding and limits', () => {
  it.each(['/gzip', '/deflate', '/deflate-raw', '/br', '/gzip-br'])('decodes %s', async (path) => {
    const r = await engine.send(req({ url: `${special.url}${path}` }), opts());
    expect(await responseText(r.body)).toBe('compressed '.repeat(1000));
    expect(r.size.decodedBody).toBe(11_000);
    expect(r.size.body).toBeLessThan(11_000);
  });

  it('reports a body that cannot be decoded', async () => {
    expect((await failure(engine.send(req({ url: `${special.url}/bad-gzip` }), opts()))).code).toBe('DECOMPRESSION');
  });

  it('stops at the maximum response size with a clear error', async () => {
    const f = await failure(engine.send(req({ url: `${special.url}/big?n=300000` }), opts({ maxResponseSizeMb: 0.1 })));
    expect(f.code).toBe('RESPONSE_TOO_LARGE');
    expect(f.line).toMatch(/maximum response size/);
    const ok = await engine.send(req({ url: `${special.url}/big?n=1000` }), opts({ maxResponseSizeMb: 0.1 }));
    expect(ok.size.decodedBody).toBe(1000);
  });

  it('spills large bodies to a temp file', async () => {
    const small = new Engine({ spillBytes: 64 * 1024 });
    try {
      const r = await small.send(req({ url: `${special.url}/big?n=1000000` }), opts());
      expect(r.body.kind).toBe('file');
      if (r.body.kind === 'file') {
        expect(r.body.size).toBe(1_000_000);
        expect(readFileSync(r.body.path).every((b) => b === 0x61)).toBe(true);
      }
    } finally {
      await small.close();
    }
  });

  it('reports download progress up to the full size', async () => {
    const seen: Array<{ receivedBytes: number; totalBytes: number | null }> = [];
    const r = await engine.send(req({ url: `${special.url}/big?n=2000000` }), { ...opts(), onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((p, i) => i === 0 || p.receivedBytes >= (seen[i - 1] as { receivedBytes: number }).receivedBytes)).toBe(true);
    expect(seen.at(-1)?.receivedBytes).toBe(r.size.body);
  });

  it('times out a slow response', async () => {
    const f = await failure(engine.send(req({ url: `${special.url}/slow` }), opts({ timeouts: { requestMs: 200 } })));
    expect(f.code).toBe('REQUEST_TIMEOUT');
  });

  it('honours cancellation', async () => {
    const controller = new AbortController();
    const pending = engine.send(req({ url: `${special.url}/slow` }), { ...opts(), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).code).toBe('ABORTED');
  });
});

describe('redirects', () => {
  it('follows, turning POST into GET on 302, and lists the hops', async () => {
    const r = await engine.send(req({ method: 'POST', url: `${special.url}/redirect?to=/landed`, body: { mode: 'raw', raw: 'x' } }), opts());
    const e = await echoOf(r);
    expect(e.method).toBe('GET');
    expect(e.url).toBe('/landed');
    expect(e.bodyLength).toBe(0);
    expect(r.redirects).toEqual([{ url: `${special.url}/redirect?to=/landed`, status: 302 }]);
    expect(header(e, 'referer')).toEqual([`${special.url}/redirect?to=/landed`]);
  });

  it('keeps method and body on 307 and with followOriginalHttpMethod', async () => {
    const e307 = await echoOf(await engine.send(req({ method: 'POST', url: `${special.url}/redirect?status=307&to=/t`, body: { mode: 'raw', raw: 'keep' } }), opts()));
    expect([e307.method, Buffer.from(e307.bodyBase64, 'base64').toString()]).toEqual(['POST', 'keep']);
    const kept = await echoOf(
      await engine.send(req({ method: 'PUT', url: `${special.url}/redirect?to=/t`, body: { mode: 'raw', raw: 'b' } }), opts({ redirects: { followOriginalMethod: true } })),
    );
    expect(kept.method).toBe('PUT');
  });

  it('does not follow when told not to', async () => {
    const r = await engine.send(req({ url: `${special.url}/redirect?to=/t` }), opts({ redirects: { follow: false } }));
    expect(r.status).toBe(302);
  });

  it('stops a loop at the maximum', async () => {
    const f = await failure(engine.send(req({ url: `${special.url}/loop` }), opts({ redirects: { max: 3 } })));
    expect(f.code).toBe('TOO_MANY_REDIRECTS');
  });

  it('strips Authorization on a cross-origin hop unless asked to keep it', async () => {
    const target = `${other.url}/x`;
    const url = `${special.url}/redirect?to=${encodeURIComponent(target)}`;
    const headers = [{ key: 'Authorization', value: 'Bearer secret' }];
    const stripped = await echoOf(await engine.send(req({ url, headers }), opts()));
    expect(header(stripped, 'authorization')).toEqual([]);
    const kept = await echoOf(await engine.send(req({ url, headers }), opts({ redirects: { keepAuthorizationCrossOrigin: true } })));
    expect(header(kept, 'authorization')).toEqual(['Bearer secret']);
    const sameOrigin = await echoOf(await engine.send(req({ url: `${special.url}/redirect?to=/y`, headers }), opts()));
    expect(header(sameOrigin, 'authorization')).toEqual(['Bearer secret']);
  });
});

describe('cookies', () => {
  it('stores Set-Cookie and sends cookies back by path; can be turned off', async () => {
    const local = new Engine();
    try {
      await local.send(req({ url: `${special.url}/cookies/set` }), opts());
      const atRoot = await echoOf(await local.send(req({ url: `${special.url}/echo` }), opts()));
      expect(header(atRoot, 'cookie')).toEqual(['session=abc']);
      const atPath = await echoOf(await local.send(req({ url: `${special.url}/cookies/x`, headers: [{ key: 'Cookie', value: 'mine=1' }] }), opts()));
      expect(header(atPath, 'cookie')[0]).toBe('mine=1; theme=dark; session=abc');
      const off = await echoOf(await local.send(req({ url: `${special.url}/echo` }), opts({ cookies: { enabled: false } })));
      expect(header(off, 'cookie')).toEqual([]);
    } finally {
      await local.close();
    }
  });
});

describe('connections and timings', () => {
  it('reuses pooled connections and reports the phases', async () => {
    const local = new Engine();
    try {
      const responses = [];
      for (let i = 0; i < 4; i++) responses.push(await local.send(req({ url: `${echo.url}/t` }), opts()));
      const first = responses[0]!;
      expect(first.connectionReused).toBe(false);
      expect(first.timings.tcp).toBeGreaterThan(0);
      expect(first.timings.total).toBeGreaterThanOrEqual(first.timings.firstByte);
      const reused = responses.slice(1).filter((r) => r.connectionReused);
      expect(reused.length).toBeGreaterThan(0);
      for (const r of reused) expect([r.timings.dns, r.timings.tcp, r.timings.tls]).toEqual([0, 0, 0]);
      expect(first.remoteAddress).toBe('127.0.0.1');
    } finally {
      await local.close();
    }
  });

  it('sends default headers unless the user set them', async () => {
    const e = await echoOf(await engine.send(req({ url: echo.url, headers: [{ key: 'user-agent', value: 'mine' }] }), opts()));
    expect(header(e, 'user-agent')).toEqual(['mine']);
    expect(header(e, 'accept')).toEqual(['*/*']);
    expect(header(e, 'accept-encoding')).toEqual(['gzip, deflate, br']);
  });

  it('reports refused connections and unknown hosts in one line', async () => {
    const refused = await failure(engine.send(req({ url: 'http://127.0.0.1:1/' }), opts()));
    expect(refused).toEqual({ code: 'CONNECTION_REFUSED', line: 'connection refused by 127.0.0.1:1' });
    const dns = await failure(engine.send(req({ url: 'http://no-such-host.invalid/' }), opts()));
    expect(dns.code).toBe('DNS_FAILURE');
    expect(dns.line).toContain('no-such-host.invalid');
  });
});
