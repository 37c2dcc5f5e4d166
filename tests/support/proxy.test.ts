import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type stream from 'node:stream';
import tls from 'node:tls';
import { ProxyAgent, request as undiciRequest } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueServerCert, type CertBundle } from './pki.js';
import { PROXY_REALM, startProxy, type ProxyOptions, type RunningProxy } from './proxy.js';
import { startHttpServer, startHttpsServer, type EchoReply, type RunningServer } from './servers.js';

interface RawReply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** An absolute-form request through an http:// or https:// proxy, the way a proxy-aware client sends it. */
function requestViaProxy(proxy: RunningProxy, targetUrl: string, init: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string; ca?: string } = {}): Promise<RawReply> {
  const target = new URL(targetUrl);
  const options: https.RequestOptions = {
    host: '127.0.0.1',
    port: proxy.port,
    method: init.method ?? 'GET',
    path: targetUrl,
    headers: { host: target.host, ...init.headers },
    agent: false,
    ...(init.ca === undefined ? {} : { ca: init.ca, servername: 'localhost' }),
  };
  return new Promise((resolve, reject) => {
    const req = (proxy.url.startsWith('https:') ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.once('error', reject);
    req.end(init.body);
  });
}

/** Sends CONNECT over `socket` and resolves with the status code and the socket for the tunnel. */
function sendConnect(socket: stream.Duplex, authority: string, headers: Record<string, string> = {}): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = received.slice(0, end);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head });
    };
    socket.on('data', onData);
    socket.once('error', reject);
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${extra}\r\n`);
  });
}

/** GET over an established TLS tunnel; resolves with the parsed echo reply. */
function getOverTls(tunnel: stream.Duplex, ca: string, servername: string, hostHeader: string): Promise<EchoReply> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ socket: tunnel, ca, servername });
    const chunks: Buffer[] = [];
    secure.once('secureConnect', () => secure.write(`GET /tunnelled HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`));
    secure.on('data', (chunk: Buffer) => chunks.push(chunk));
    secure.once('error', reject);
    secure.once('end', () => {
      const text = Buffer.concat(chunks).toString();
      resolve(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as EchoReply);
    });
  });
}

function connectTcp(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('test proxy', () => {
  let ca: CertBundle;
  let httpTarget: RunningServer;
  let httpsTarget: RunningServer;
  const proxies: RunningProxy[] = [];
  const sockets: stream.Duplex[] = [];

  async function proxy(options: ProxyOptions = {}): Promise<RunningProxy> {
    const started = await startProxy(options);
    proxies.push(started);
    return started;
  }

  beforeAll(async () => {
    ca = createCa('Proxy Test Root');
    const cert = issueServerCert(ca, { hosts: ['localhost', '127.0.0.1', 'api.example.test'] });
    httpTarget = await startHttpServer();
    httpsTarget = await startHttpsServer({ cert: cert.certPem, key: cert.keyPem });
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(proxies.splice(0).map((started) => started.close()));
  });
  afterAll(async () => {
    await Promise.all([httpTarget.close(), httpsTarget.close()]);
  });

  it('forwards absolute-form http requests and records them', async () => {
    const plain = await proxy();
    const targetUrl = `${httpTarget.url}/things?q=1`;
    const reply = await requestViaProxy(plain, targetUrl, { method: 'POST', headers: { 'X-Order': 'kept' }, body: 'hello' });
    expect(reply.status).toBe(200);
    const echo = JSON.parse(reply.body) as EchoReply;
    expect(echo.url).toBe('/things?q=1');
    expect(echo.method).toBe('POST');
    expect(Buffer.from(echo.bodyBase64, 'base64').toString()).toBe('hello');
    expect(echo.rawHeaders).toContainEqual(['X-Order', 'kept']);
    expect(echo.rawHeaders).toContainEqual(['host', `127.0.0.1:${httpTarget.port}`]);
    expect(plain.seen.requests).toEqual([targetUrl]);
    expect(plain.seen.connects).toEqual([]);
  });

  it('tunnels CONNECT to an https target', async () => {
    const plain = await proxy();
    const socket = await connectTcp(plain.port);
    sockets.push(socket);
    const authority = `127.0.0.1:${httpsTarget.port}`;
    expect((await sendConnect(socket, authority)).status).toBe(200);
    const echo = await getOverTls(socket, ca.certPem, 'localhost', authority);
    expect(echo.url).toBe('/tunnelled');
    expect(echo.tls?.servername).toBe('localhost');
    expect(plain.seen.connects).toEqual([authority]);
    expect(plain.seen.requests).toEqual([]);
  });

  it('demands Basic proxy credentials with 407 and strips them before forwarding', async () => {
    const guarded = await proxy({ auth: { username: 'u', password: 'p@ss' } });
    const good = `Basic ${Buffer.from('u:p@ss').toString('base64')}`;
    const bad = `Basic ${Buffer.from('u:nope').toString('base64')}`;

    const missing = await requestViaProxy(guarded, `${httpTarget.url}/a`);
    expect(missing.status).toBe(407);
    expect(missing.headers['proxy-authenticate']).toBe(`Basic realm="${PROXY_REALM}"`);
    expect((await requestViaProxy(guarded, `${httpTarget.url}/b`, { headers: { 'proxy-authorization': bad } })).status).toBe(407);
    const ok = await requestViaProxy(guarded, `${httpTarget.url}/c`, { headers: { 'proxy-authorization': good } });
    expect(ok.status).toBe(200);
    const echo = JSON.parse(ok.body) as EchoReply;
    expect(echo.rawHeaders.map(([name]) => name.toLowerCase())).not.toContain('proxy-authorization');

    const socket = await connectTcp(guarded.port);
    sockets.push(socket);
    const refused = await sendConnect(socket, `127.0.0.1:${httpsTarget.port}`);
    expect(refused.status).toBe(407);
    expect(refused.head).toContain(`Proxy-Authenticate: Basic realm="${PROXY_REALM}"`);
    const socket2 = await connectTcp(guarded.port);
    sockets.push(socket2);
    expect((await sendConnect(socket2, `127.0.0.1:${httpsTarget.port}`, { 'Proxy-Authorization': good })).status).toBe(200);

    expect(guarded.seen.authHeaders).toEqual([bad, good, good]);
    expect(guarded.seen.denied).toEqual([`${httpTarget.url}/a`, `${httpTarget.url}/b`, `127.0.0.1:${httpsTarget.port}`]);
    guarded.reset();
    expect(guarded.seen).toEqual({ connects: [], requests: [], authHeaders: [], denied: [], clientCertificates: [] });
  });

  it('serves itself over TLS (an HTTPS proxy) for CONNECT and absolute-form requests', async () => {
    const proxyCert = issueServerCert(ca, { hosts: ['localhost', '127.0.0.1'] });
    const secureProxy = await proxy({ tls: { cert: proxyCert.certPem, key: proxyCert.keyPem } });
    expect(secureProxy.url).toBe(`https://127.0.0.1:${secureProxy.port}`);

    const toProxy = tls.connect({ host: '127.0.0.1', port: secureProxy.port, ca: ca.certPem, servername: 'localhost' });
    sockets.push(toProxy);
    await new Promise<void>((resolve, reject) => {
      toProxy.once('secureConnect', resolve);
      toProxy.once('error', reject);
    });
    expect(toProxy.getPeerCertificate().fingerprint256).toBe(proxyCert.fingerprint256);
    const authority = `127.0.0.1:${httpsTarget.port}`;
    expect((await sendConnect(toProxy, authority)).status).toBe(200);
    const echo = await getOverTls(toProxy, ca.certPem, 'localhost', authority);
    expect(echo.url).toBe('/tunnelled');

    const viaHttps = await requestViaProxy(secureProxy, `${httpTarget.url}/over-tls`, { ca: ca.certPem });
    expect((JSON.parse(viaHttps.body) as EchoReply).url).toBe('/over-tls');
    expect(secureProxy.seen.connects).toEqual([authority]);
    expect(secureProxy.seen.requests).toEqual([`${httpTarget.url}/over-tls`]);
  });

  it('refuses targets off loopback unless mapTarget routes them there', async () => {
    const strict = await proxy();
    const socket = await connectTcp(strict.port);
    sockets.push(socket);
    expect((await sendConnect(socket, 'example.com:443')).status).toBe(403);
    expect((await requestViaProxy(strict, 'http://example.com/')).status).toBe(403);

    const mapped = await proxy({
      mapTarget: (target) => (target.host === 'api.example.test' ? { host: '127.0.0.1', port: httpsTarget.port } : target),
    });
    const socket2 = await connectTcp(mapped.port);
    sockets.push(socket2);
    expect((await sendConnect(socket2, 'api.example.test:443')).status).toBe(200);
    const echo = await getOverTls(socket2, ca.certPem, 'api.example.test', 'api.example.test');
    expect(echo.tls?.servername).toBe('api.example.test');
    expect(mapped.seen.connects).toEqual(['api.example.test:443']);
  });

  it('carries undici ProxyAgent traffic (the engine\'s client) through an authenticating HTTPS proxy', async () => {
    const proxyCert = issueServerCert(ca, { hosts: ['localhost', '127.0.0.1'] });
    const secureProxy = await proxy({ tls: { cert: proxyCert.certPem, key: proxyCert.keyPem }, auth: { username: 'u', password: 'p' } });
    const token = `Basic ${Buffer.from('u:p').toString('base64')}`;
    // An explicit servername: otherwise undici sends the IP as SNI and Node warns (DEP0123).
    const proxyTls = { ca: ca.certPem, servername: 'localhost' };
    const agent = new ProxyAgent({ uri: secureProxy.url, token, proxyTls, requestTls: { ca: ca.certPem } });
    const anonymous = new ProxyAgent({ uri: secureProxy.url, proxyTls, requestTls: { ca: ca.certPem } });
    try {
      const viaTunnel = await undiciRequest(`https://localhost:${httpsTarget.port}/u1`, { dispatcher: agent });
      expect(((await viaTunnel.body.json()) as EchoReply).tls?.servername).toBe('localhost');
      expect(secureProxy.seen.connects).toEqual([`localhost:${httpsTarget.port}`]);
      expect(secureProxy.seen.authHeaders).toEqual([token]);
      await expect(undiciRequest(`https://localhost:${httpsTarget.port}/`, { dispatcher: anonymous })).rejects.toThrow(/407/);
    } finally {
      await Promise.all([agent.close(), anonymous.close()]);
    }
  });

  it('takes undici\'s absolute-form requests when a plain http proxy is used without tunnelling', async () => {
    // undici forwards (rather than tunnels) only for an http:// target through an http:// proxy with proxyTunnel: false.
    const plain = await proxy();
    const agent = new ProxyAgent({ uri: plain.url, proxyTunnel: false });
    try {
      const response = await undiciRequest(`${httpTarget.url}/u2?k=v`, { dispatcher: agent });
      expect(((await response.body.json()) as EchoReply).url).toBe('/u2?k=v');
      expect(plain.seen.requests).toEqual([`${httpTarget.url}/u2?k=v`]);
      expect(plain.seen.connects).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it('answers 502 when the target is down', async () => {
    const plain = await proxy();
    const down = await startHttpServer();
    await down.close();
    const socket = await connectTcp(plain.port);
    sockets.push(socket);
    expect((await sendConnect(socket, `127.0.0.1:${down.port}`)).status).toBe(502);
    expect((await requestViaProxy(plain, `${down.url}/`)).status).toBe(502);
  });

  it('close() tears down open tunnels', async () => {
    const plain = await proxy();
    const socket = await connectTcp(plain.port);
    sockets.push(socket);
    expect((await sendConnect(socket, `127.0.0.1:${httpTarget.port}`)).status).toBe(200);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await plain.close();
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
