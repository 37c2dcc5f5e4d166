import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, resolveSendOptions, responseText } from '../../src/engine/index.js';
import { defaultSettings, RequestSchema } from '../../src/model/index.js';

let server: http.Server;
let base: string;
const engine = new Engine();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/gzip') {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
      res.end(zlib.gzipSync('hello gzip'));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/']);
      res.setHeader('X-Dup', ['one', 'two']);
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.rawHeaders, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await engine.close();
  server.close();
});

describe('engine smoke', () => {
  it('sends a request and reads the response', async () => {
    const options = resolveSendOptions(defaultSettings());
    const response = await engine.send(RequestSchema.parse({ method: 'PURGE', url: `${base}/x`, query: [{ key: 'q', value: '1 2' }], body: { mode: 'raw', raw: '{"a":1}', language: 'json' } }), options);
    expect(response.status).toBe(200);
    const echo = JSON.parse(await responseText(response.body));
    expect(echo.method).toBe('PURGE');
    expect(echo.url).toBe('/x?q=1%202');
    expect(echo.body).toBe('{"a":1}');
    expect(response.headers.filter(([n]) => n.toLowerCase() === 'x-dup').map(([, v]) => v)).toEqual(['one', 'two']);
    const second = await engine.send(RequestSchema.parse({ url: `${base}/y` }), options);
    const echo2 = JSON.parse(await responseText(second.body));
    expect(echo2.headers.join('|')).toContain('Cookie|a=1; b=2');
    const third = await engine.send(RequestSchema.parse({ url: `${base}/z` }), options);
    const fourth = await engine.send(RequestSchema.parse({ url: `${base}/z` }), options);
    expect(response.connectionReused).toBe(false);
    expect([second, third, fourth].some((r) => r.connectionReused)).toBe(true);
    const gz = await engine.send(RequestSchema.parse({ url: `${base}/gzip` }), options);
    expect(await responseText(gz.body)).toBe('hello gzip');
  });
});
