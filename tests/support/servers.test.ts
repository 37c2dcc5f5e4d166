import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Agent, request as undiciRequest } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueClientCert, issueServerCert, type CertBundle } from './pki.js';
import { startHttpServer, startHttpsServer, type EchoReply, type RunningServer } from './servers.js';

interface Reply {
  readonly status: number;
  readonly body: string;
}

function send(url: string, options: https.RequestOptions & { body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(url, { agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

async function echo(url: string, options: https.RequestOptions & { body?: string | Buffer } = {}): Promise<EchoReply> {
  const reply = await send(url, options);
  expect(reply.status).toBe(200);
  return JSON.parse(reply.body) as EchoReply;
}

describe('test servers', () => {
  let ca: CertBundle;
  let cert: CertBundle;
  let trust: https.RequestOptions;
  const running: RunningServer[] = [];

  async function track(server: Promise<RunningServer>): Promise<RunningServer> {
    const started = await server;
    running.push(started);
    return started;
  }

  beforeAll(() => {
    ca = createCa('Servers Root');
    cert = issueServerCert(ca, { hosts: ['localhost', '127.0.0.1'] });
    trust = { ca: ca.certPem, servername: 'localhost' };
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });

  it('echoes method, url, raw headers in order, and the body', async () => {
    const server = await track(startHttpServer());
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const body = Buffer.from([0, 1, 2, 255]);
    const reply = await echo(`${server.url}/path?x=1&x=2`, {
      method: 'PUT',
      // A flat array is sent verbatim: original case, order and the duplicate header.
      headers: ['Host', 'example.test', 'X-B', '2', 'x-a', '1', 'X-B', '3', 'Content-Length', '4'],
      body,
    });
    expect(reply.method).toBe('PUT');
    expect(reply.url).toBe('/path?x=1&x=2');
    expect(reply.rawHeaders.slice(0, 4)).toEqual([
      ['Host', 'example.test'],
      ['X-B', '2'],
      ['x-a', '1'],
      ['X-B', '3'],
    ]);
    expect(reply.bodyLength).toBe(4);
    expect(Buffer.from(reply.bodyBase64, 'base64')).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(reply.tls).toBeNull();
    expect(reply.clientCert).toBeNull();
  });

  it('runs custom handlers and turns their failures into 500', async () => {
    const server = await track(
      startHttpServer((req, res) => {
        if (req.url === '/boom') throw new Error('kaboom');
        res.writeHead(201, { 'x-custom': 'yes' }).end('made');
      }),
    );
    expect(await send(`${server.url}/ok`)).toEqual({ status: 201, body: 'made' });
    const failed = await send(`${server.url}/boom`);
    expect(failed.status).toBe(500);
    expect(failed.body).toContain('kaboom');
  });

  it('serves HTTPS and reports the negotiated protocol and cipher', async () => {
    const server = await track(startHttpsServer({ cert: cert.certPem, key: cert.keyPem }));
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const reply = await echo(`${server.url}/secure`, trust);
    expect(reply.tls).toMatchObject({ protocol: 'TLSv1.3', servername: 'localhost', authorized: false });
    expect(reply.tls?.cipher).toMatch(/^TLS_/);
    expect(reply.clientCert).toBeNull();
  });

  it('applies protocol limits, cipher lists and server cipher order', async () => {
    const server = await track(
      startHttpsServer({
        cert: cert.certPem,
        key: cert.keyPem,
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256',
        honorCipherOrder: true,
      }),
    );
    const reply = await echo(server.url, { ...trust, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384' });
    expect(reply.tls?.protocol).toBe('TLSv1.2');
    expect(reply.tls?.cipher).toBe('ECDHE-RSA-AES256-GCM-SHA384');
  });

  it('speaks TLS 1.0 when both sides allow it at SECLEVEL=0', async () => {
    const server = await track(
      startHttpsServer({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
    );
    const reply = await echo(server.url, { ...trust, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    expect(reply.tls?.protocol).toBe('TLSv1');
    await expect(send(server.url, trust)).rejects.toThrow();
  });

  it('demands a client certificate (mutual TLS) and shows which one arrived', async () => {
    const alice = issueClientCert(ca, { commonName: 'alice' });
    const server = await track(
      startHttpsServer({ cert: cert.certPem, key: cert.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }),
    );
    const reply = await echo(server.url, { ...trust, cert: alice.certPem, key: alice.keyPem });
    expect(reply.clientCert).toEqual({ subjectCN: 'alice', issuerCN: 'Servers Root', fingerprint256: alice.fingerprint256 });
    expect(reply.tls?.authorized).toBe(true);
    await expect(send(server.url, trust)).rejects.toMatchObject({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
  });

  it('reports an unverified client certificate when the server only requests one', async () => {
    const stranger = issueClientCert(createCa('Elsewhere'), { commonName: 'mallory' });
    const server = await track(
      startHttpsServer({ cert: cert.certPem, key: cert.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false }),
    );
    const reply = await echo(server.url, { ...trust, cert: stranger.certPem, key: stranger.keyPem });
    expect(reply.clientCert?.subjectCN).toBe('mallory');
    expect(reply.tls?.authorized).toBe(false);
    expect(reply.tls?.authorizationError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('works with undici, the engine\'s client, and close() ends its keep-alive connections', async () => {
    const server = await track(startHttpsServer({ cert: cert.certPem, key: cert.keyPem }));
    const dispatcher = new Agent({ connect: { ca: ca.certPem, servername: 'localhost' } });
    try {
      const response = await undiciRequest(`${server.url}/undici`, { dispatcher, method: 'POST', body: 'abc' });
      const reply = (await response.body.json()) as EchoReply;
      expect(reply.url).toBe('/undici');
      expect(reply.bodyLength).toBe(3);
      expect(reply.tls?.protocol).toBe('TLSv1.3');
      const connections = await new Promise<number>((resolve) => server.server.getConnections((_e, count) => resolve(count)));
      expect(connections).toBe(1);
      // close() resolving at all is the check: a keep-alive connection left open would hold it.
      await server.close();
      expect(server.server.listening).toBe(false);
    } finally {
      await dispatcher.close();
    }
  });

  it('tracks connections still in the TLS handshake so close() is not held up', async () => {
    const server = await track(startHttpsServer({ cert: cert.certPem, key: cert.keyPem }));
    // A client that opens TCP but never starts the handshake: server.close() alone would wait for it.
    const stalled = net.connect({ host: '127.0.0.1', port: server.port });
    await new Promise((resolve) => stalled.once('connect', resolve));
    const ended = new Promise((resolve) => stalled.once('close', resolve));
    await server.close();
    await ended;
    expect(stalled.destroyed).toBe(true);
    expect(server.server.listening).toBe(false);
  });
});
