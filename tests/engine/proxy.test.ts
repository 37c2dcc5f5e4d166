/**
 * The engine through a forward proxy, against real servers on 127.0.0.1: CONNECT tunnels with the
 * request's TLS profile and client certificate applied end to end, absolute-form plain HTTP, proxy
 * authentication and failures, the bypass list, and an HTTPS proxy. The proxy's `mapTarget` routes
 * made-up names (`api.example.test:443`) to local servers, so the names travel in CONNECT, SNI and
 * Host exactly as they would to a real host, and are never looked up locally.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine, responseText, type HttpResponse } from '../../src/engine/index.js';
import { startOpensslServer, type RunningOpensslServer } from '../support/openssl-server.js';
import { parseOpensslStatusPage } from '../support/openssl-status.js';
import { createCa, issueClientCert, issueServerCert, type CertBundle } from '../support/pki.js';
import { writePkiFiles, type PkiFilePaths } from '../support/pki-files.js';
import { pickFreePort } from '../support/ports.js';
import { startProxy, type ProxyTarget, type RunningProxy } from '../support/proxy.js';
import { startHttpServer, startHttpsServer, type RunningServer } from '../support/servers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { echoOf, failure, header, opts, req } from './engine-helpers.js';

/** Every made-up name a test connects to; all are in the target servers' certificate. */
const NAMES = ['api.example.test', 'a.b.example.test', 'api.example.test.evil.test', 'example.test', 'x.other.test'];
const OPENSSL_NAMES = ['tls11.test', 'tls12.test', 'tls13.test', 'ciphers.test', 'mutual.test'];
const USER = 'us@er';
const PASS = 'p:ss w';

let tmp: TempDir;
let ca: CertBundle;
let target: CertBundle;
let client: CertBundle;
let files: Record<'ca' | 'client', PkiFilePaths>;
let echoTls: RunningServer; // asks for a client certificate, accepts without: shows whether one arrived
let echoPlain: RunningServer;
let openssl: Record<'tls11' | 'tls12' | 'tls13' | 'ciphers' | 'mutual', RunningOpensslServer>;
let proxy: RunningProxy;
let authProxy: RunningProxy;
let tlsProxy: RunningProxy;
let closedPort: number;
/** 'name:port' → local port, consulted by every proxy. */
const routes = new Map<string, number>();
/** A fresh engine per test, so a pooled tunnel from one test never hides another test's CONNECT. */
let engine: Engine;

const mapTarget = (t: ProxyTarget): ProxyTarget => {
  const port = routes.get(`${t.host}:${t.port}`);
  return port === undefined ? t : { host: '127.0.0.1', port };
};

beforeAll(async () => {
  tmp = makeTempDir();
  ca = createCa('Proxy Test CA');
  target = issueServerCert(ca, { hosts: [...NAMES, ...OPENSSL_NAMES, 'localhost', '127.0.0.1'] });
  client = issueClientCert(ca, { commonName: 'proxy-client' });
  const proxyCert = issueServerCert(ca, { hosts: ['127.0.0.1'] });
  files = writePkiFiles(tmp.path, { ca, client });
  const cert = { certPem: target.certPem, keyPem: target.keyPem };
  const tls12Ciphers = 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305';
  const [s11, s12, s13, sCiphers, sMutual] = await Promise.all([
    startOpensslServer({ cert, protocols: ['TLSv1.1'] }),
    startOpensslServer({ cert, protocols: ['TLSv1.2'] }),
    startOpensslServer({ cert, protocols: ['TLSv1.3'] }),
    startOpensslServer({ cert, protocols: ['TLSv1.2'], cipher: tls12Ciphers }),
    startOpensslServer({ cert, minProtocol: 'TLSv1.2', clientAuth: { caPem: ca.certPem, required: true } }),
  ]);
  openssl = { tls11: s11, tls12: s12, tls13: s13, ciphers: sCiphers, mutual: sMutual };
  echoTls = await startHttpsServer({ cert: target.certPem, key: target.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false });
  echoPlain = await startHttpServer();
  closedPort = await pickFreePort();

  for (const name of NAMES) routes.set(`${name}:443`, echoTls.port);
  routes.set('api.example.test:8443', echoTls.port);
  routes.set('nosan.test:443', echoTls.port);
  routes.set('api.example.test:80', echoPlain.port);
  routes.set('api.example.test:8080', echoPlain.port);
  routes.set('down.test:443', closedPort);
  for (const [key, server] of Object.entries(openssl)) routes.set(`${key}.test:443`, server.port);

  proxy = await startProxy({ mapTarget });
  authProxy = await startProxy({ mapTarget, auth: { username: USER, password: PASS } });
  // It asks every client for a certificate (without requiring one) to show none is ever sent to it.
  tlsProxy = await startProxy({ mapTarget, tls: { cert: proxyCert.certPem, key: proxyCert.keyPem, requestCert: true, rejectUnauthorized: false } });
}, 60_000);

afterAll(async () => {
  await Promise.all([proxy, authProxy, tlsProxy, echoTls, echoPlain].map((s) => s?.close()));
  await Promise.all(Object.values(openssl ?? {}).map((s) => s.stop()));
  tmp?.cleanup();
});

beforeEach(() => {
  engine = new Engine();
  for (const p of [proxy, authProxy, tlsProxy]) p.reset();
});

afterEach(async () => {
  await engine.close();
});

type Settings = Record<string, unknown>;
const trust = (): Settings => ({ caCertificates: { enabled: true, paths: [files.ca.cert] } });
function via(p: RunningProxy | string, extra: Settings = {}): Settings {
  const url = typeof p === 'string' ? p : p.url;
  return { ...trust(), proxy: { enabled: true, url, protocols: ['http', 'https'], bypass: [], ...extra } };
}
function certFor(host: string, port?: number): Settings {
  return { clientCertificates: [{ host, ...(port === undefined ? {} : { port }), cert: files.client.cert, key: files.client.key }] };
}
/** What a send ended in: the response status, or the error's code and line. */
async function outcomeOf(promise: Promise<HttpResponse>): Promise<{ status: number } | { code: string; line: string }> {
  try {
    return { status: (await promise).status };
  } catch {
    return failure(promise);
  }
}
async function statusPage(response: HttpResponse) {
  return parseOpensslStatusPage(await responseText(response.body));
}

describe('https through a CONNECT tunnel', () => {
  it('asks the proxy for the target by name, verifies the target, and reports TLS and the proxy phase', async () => {
    const first = await engine.send(req({ url: 'https://api.example.test/hello?x=1' }), opts(via(proxy)));
    expect(proxy.seen.connects).toEqual(['api.example.test:443']);
    expect(proxy.seen.requests).toEqual([]);
    const echo = await echoOf(first);
    expect(echo.url).toBe('/hello?x=1');
    expect(echo.tls?.servername).toBe('api.example.test');
    expect(header(echo, 'host')).toEqual(['api.example.test']);
    expect(header(echo, 'proxy-authorization')).toEqual([]);
    expect(first.tls?.protocol).toBe('TLSv1.3');
    expect(first.tls?.authorized).toBe(true);
    expect(first.tls?.peerCertificates[0]?.fingerprint256).toBe(target.fingerprint256);
    expect(first.timings.proxy).toBeGreaterThan(0);
    expect(first.timings.tls).toBeGreaterThan(0);
    expect(first.remoteAddress).toBe('127.0.0.1');

    // Later requests ride the pooled tunnel: one CONNECT per new connection, no proxy phase on reuse.
    const later: HttpResponse[] = [];
    for (let i = 0; i < 4; i++) later.push(await engine.send(req({ url: 'https://api.example.test/again' }), opts(via(proxy))));
    const reused = later.filter((r) => r.connectionReused);
    expect(reused.length).toBeGreaterThan(0);
    for (const r of reused) expect([r.timings.dns, r.timings.tcp, r.timings.proxy, r.timings.tls]).toEqual([0, 0, 0, 0]);
    expect(proxy.seen.connects).toHaveLength(1 + later.length - reused.length);
  });

  it('checks the target certificate, not the proxy, against the requested name', async () => {
    const untrusted = await failure(engine.send(req({ url: 'https://api.example.test/' }), opts({ ...via(proxy), caCertificates: { enabled: false, paths: [] } })));
    expect(untrusted.code).toBe('TLS_CERT_VERIFY');
    expect(untrusted.line).toContain('api.example.test:443 via proxy 127.0.0.1');
    const wrongName = await failure(engine.send(req({ url: 'https://nosan.test/' }), opts(via(proxy))));
    expect(wrongName.code).toBe('TLS_CERT_VERIFY');
    expect(wrongName.line).toContain('not valid for this host name');
    expect(proxy.seen.connects).toEqual(['api.example.test:443', 'nosan.test:443']);
  });

  it('negotiates only enabled protocols with single-version openssl servers behind the proxy', async () => {
    const defaults = { tls: { disabledProtocols: ['TLSv1', 'TLSv1_1'] } };
    for (const [name, version] of [['tls12', 'TLSv1.2'], ['tls13', 'TLSv1.3']] as const) {
      const r = await engine.send(req({ url: `https://${name}.test/` }), opts({ ...via(proxy), ...defaults }));
      expect((await statusPage(r)).protocol).toBe(version);
      expect(r.tls?.protocol).toBe(version);
      expect(r.timings.proxy).toBeGreaterThan(0);
    }
    const refused = await failure(engine.send(req({ url: 'https://tls11.test/' }), opts({ ...via(proxy), ...defaults })));
    expect(['TLS_HANDSHAKE', 'CONNECTION_RESET'], refused.line).toContain(refused.code);

    const noTls13 = { tls: { disabledProtocols: ['TLSv1', 'TLSv1_3'] } };
    const off13 = await failure(engine.send(req({ url: 'https://tls13.test/' }), opts({ ...via(proxy), ...noTls13 })));
    expect(['TLS_HANDSHAKE', 'CONNECTION_RESET'], off13.line).toContain(off13.code);
    const on11 = await engine.send(req({ url: 'https://tls11.test/' }), opts({ ...via(proxy), ...noTls13 }));
    expect((await statusPage(on11)).protocol).toBe('TLSv1.1');
    expect(proxy.seen.connects.every((c) => /^tls1[123]\.test:443$/.test(c))).toBe(true);
  });

  it('offers the selected cipher suites in order through the tunnel', async () => {
    for (const order of [
      ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'],
      ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'],
    ]) {
      const r = await engine.send(req({ url: 'https://ciphers.test/' }), opts({ ...via(proxy), tls: { cipherSelection: order } }));
      const page = await statusPage(r);
      expect(page.cipher).toBe(order[0]);
      expect(page.sharedCiphers).toEqual(order);
      expect(r.tls?.cipher?.name).toBe(order[0]);
    }
    expect(proxy.seen.connects).toEqual(['ciphers.test:443', 'ciphers.test:443']);
  });
});

describe('client certificates through the proxy', () => {
  const cases: ReadonlyArray<{ config: [string, number?]; url: string; presented: boolean }> = [
    { config: ['api.example.test'], url: 'https://api.example.test/', presented: true },
    { config: ['api.example.test', 8443], url: 'https://api.example.test:8443/', presented: true },
    { config: ['example.test'], url: 'https://api.example.test/', presented: false },
    { config: ['*.other.test'], url: 'https://api.example.test/', presented: false },
    { config: ['api.example.test', 8443], url: 'https://api.example.test/', presented: false },
    { config: ['api.example.test'], url: 'https://api.example.test:8443/', presented: false },
    { config: ['api.example.test'], url: 'https://api.example.test.evil.test/', presented: false },
    { config: ['*.example.test'], url: 'https://api.example.test/', presented: true },
    { config: ['*.example.test'], url: 'https://a.b.example.test/', presented: false },
    { config: ['*.example.test'], url: 'https://api.example.test.evil.test/', presented: false },
    { config: ['*.example.test'], url: 'https://example.test/', presented: false },
  ];
  for (const { config, url, presented } of cases) {
    const [host, port] = config;
    it(`configured for ${host}${port === undefined ? '' : `:${port}`}: ${presented ? 'presented to' : 'withheld from'} ${url}`, async () => {
      const r = await engine.send(req({ url }), opts({ ...via(proxy), ...certFor(host, port) }));
      const echo = await echoOf(r);
      const requested = new URL(url);
      expect(proxy.seen.connects).toEqual([`${requested.hostname}:${requested.port || 443}`]);
      expect(echo.tls?.servername).toBe(requested.hostname);
      if (presented) {
        expect(echo.clientCert?.fingerprint256).toBe(client.fingerprint256);
        expect(echo.tls?.authorized).toBe(true);
        expect(r.tls?.clientCertificate).toMatchObject({ host, port: port ?? 443, fingerprint256: client.fingerprint256 });
      } else {
        expect(echo.clientCert).toBeNull();
        expect(r.tls?.clientCertificate).toBeNull();
        expect(r.tls?.clientCertificateNote).toBe(`no client certificate is configured for ${requested.hostname}:${requested.port || 443}`);
      }
    });
  }

  it('never sends a request over a tunnel that presented a certificate this request does not match', async () => {
    const withCert = await engine.send(req({ url: 'https://api.example.test/' }), opts({ ...via(proxy), ...certFor('api.example.test') }));
    expect((await echoOf(withCert)).clientCert?.fingerprint256).toBe(client.fingerprint256);
    const without = await engine.send(req({ url: 'https://api.example.test/' }), opts({ ...via(proxy), ...certFor('x.other.test') }));
    expect(without.connectionReused).toBe(false);
    expect((await echoOf(without)).clientCert).toBeNull();
    expect(proxy.seen.connects).toEqual(['api.example.test:443', 'api.example.test:443']);
  });

  it('reports the rule that matched, even when a rule for the same file opened the pooled connections', async () => {
    const first = await engine.send(req({ url: 'https://api.example.test/' }), opts({ ...via(proxy), ...certFor('api.example.test') }));
    expect(first.tls?.clientCertificate).toMatchObject({ host: 'api.example.test', port: 443 });
    const second = await engine.send(req({ url: 'https://api.example.test:8443/' }), opts({ ...via(proxy), ...certFor('*.example.test', 8443) }));
    expect((await echoOf(second)).clientCert?.fingerprint256).toBe(client.fingerprint256);
    // The pool key holds the rule a certificate was chosen for, not only the files.
    expect(second.tls?.clientCertificate, 'the rule reported must be the one that matched this request').toMatchObject({ host: '*.example.test', port: 8443 });
  });

  it('a mutual-TLS openssl server behind the proxy sees exactly the configured certificate', async () => {
    const r = await engine.send(req({ url: 'https://mutual.test/' }), opts({ ...via(proxy), ...certFor('mutual.test') }));
    const page = await statusPage(r);
    expect(page.clientCert?.fingerprint256).toBe(client.fingerprint256);
    expect(page.clientCert?.subjectCN).toBe('proxy-client');
    expect(r.tls?.clientCertificate?.fingerprint256).toBe(client.fingerprint256);

    const without = await failure(engine.send(req({ url: 'https://mutual.test/' }), opts({ ...via(proxy), ...certFor('other.test') })));
    expect(['TLS_HANDSHAKE', 'CONNECTION_RESET'], without.line).toContain(without.code);
  });
});

describe('plain http through the proxy', () => {
  it('sends the absolute URL to the proxy and the origin gets its own Host, method and body', async () => {
    const r = await engine.send(
      req({ url: 'http://api.example.test/echo?q=1', method: 'POST', body: { mode: 'raw', raw: 'hello proxy' } }),
      opts(via(proxy)),
    );
    expect(proxy.seen.requests).toEqual(['http://api.example.test/echo?q=1']);
    expect(proxy.seen.connects).toEqual([]);
    const echo = await echoOf(r);
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/echo?q=1');
    expect(header(echo, 'host')).toEqual(['api.example.test']);
    expect(Buffer.from(echo.bodyBase64, 'base64').toString()).toBe('hello proxy');
    expect(r.tls).toBeNull();

    const withPort = await engine.send(req({ url: 'http://api.example.test:8080/p' }), opts(via(proxy)));
    expect(header(await echoOf(withPort), 'host')).toEqual(['api.example.test:8080']);
    expect(proxy.seen.requests[1]).toBe('http://api.example.test:8080/p');
  });
});

describe('proxy authentication and failures', () => {
  const basic = `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`;
  const inUrl = (p: RunningProxy, user: string, pass: string) => `http://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${p.port}`;

  it('sends credentials from the settings for tunnels and for plain http', async () => {
    const settings = via(authProxy, { username: USER, password: PASS });
    expect((await engine.send(req({ url: 'https://api.example.test/' }), opts(settings))).status).toBe(200);
    expect((await engine.send(req({ url: 'http://api.example.test/' }), opts(settings))).status).toBe(200);
    expect(authProxy.seen.authHeaders).toEqual([basic, basic]);
    expect(authProxy.seen.denied).toEqual([]);
  });

  it('takes percent-encoded credentials from the proxy URL', async () => {
    const settings = via(inUrl(authProxy, USER, PASS));
    const https = await engine.send(req({ url: 'https://api.example.test/' }), opts(settings));
    expect(header(await echoOf(https), 'proxy-authorization')).toEqual([]);
    expect((await engine.send(req({ url: 'http://api.example.test/' }), opts(settings))).status).toBe(200);
    expect(authProxy.seen.authHeaders).toEqual([basic, basic]);
  });

  it('does not reuse a tunnel opened with good credentials for a request with wrong ones', async () => {
    expect((await engine.send(req({ url: 'https://api.example.test/' }), opts(via(authProxy, { username: USER, password: PASS })))).status).toBe(200);
    const wrong = await failure(engine.send(req({ url: 'https://api.example.test/' }), opts(via(authProxy, { username: USER, password: 'nope' }))));
    expect(wrong.code).toBe('PROXY_AUTH');
    expect(authProxy.seen.connects).toEqual(['api.example.test:443', 'api.example.test:443']);
  });

  it('fails a tunnel with PROXY_AUTH on wrong or missing credentials', async () => {
    const wrong = await failure(engine.send(req({ url: 'https://api.example.test/' }), opts(via(authProxy, { username: USER, password: 'nope' }))));
    expect(wrong.code).toBe('PROXY_AUTH');
    expect(wrong.line).toBe(`proxy 127.0.0.1:${authProxy.port} requires authentication (407); the credentials were refused`);
    const wrongInUrl = await failure(engine.send(req({ url: 'https://api.example.test/' }), opts(via(inUrl(authProxy, 'someone', 'x')))));
    expect(wrongInUrl.code).toBe('PROXY_AUTH');
    const missing = await failure(engine.send(req({ url: 'https://api.example.test/' }), opts(via(authProxy))));
    expect(missing.code).toBe('PROXY_AUTH');
    expect(missing.line).toBe(`proxy 127.0.0.1:${authProxy.port} requires authentication (407)`);
    expect(authProxy.seen.denied).toEqual(['api.example.test:443', 'api.example.test:443', 'api.example.test:443']);
  });

  it('fails plain http with PROXY_AUTH on wrong or missing credentials', async () => {
    for (const settings of [via(authProxy, { username: USER, password: 'nope' }), via(authProxy)]) {
      const outcome = await outcomeOf(engine.send(req({ url: 'http://api.example.test/' }), opts(settings)));
      // The proxy's 407 is the proxy refusing, not the origin's response.
      expect(outcome, 'a 407 from the proxy on an absolute-form request should be a PROXY_AUTH error').toMatchObject({ code: 'PROXY_AUTH' });
      expect('line' in outcome ? outcome.line : '').toContain(`proxy 127.0.0.1:${authProxy.port}`);
    }
    expect(authProxy.seen.denied).toEqual(['http://api.example.test/', 'http://api.example.test/']);
  });

  it('reports a refused CONNECT as PROXY_FAILURE with the status', async () => {
    const forbidden = await failure(engine.send(req({ url: 'https://elsewhere.invalid/' }), opts(via(proxy))));
    expect(forbidden.code).toBe('PROXY_FAILURE');
    expect(forbidden.line).toBe(`proxy 127.0.0.1:${proxy.port} refused CONNECT elsewhere.invalid:443: 403 Forbidden`);
    const badGateway = await failure(engine.send(req({ url: 'https://down.test/' }), opts(via(proxy))));
    expect(badGateway.code).toBe('PROXY_FAILURE');
    expect(badGateway.line).toContain('refused CONNECT down.test:443: 502');
    expect(proxy.seen.connects).toEqual(['elsewhere.invalid:443', 'down.test:443']);
  });

  it('names the proxy when the proxy is down', async () => {
    const down = `http://127.0.0.1:${closedPort}`;
    const tunnel = await failure(engine.send(req({ url: 'https://api.example.test/' }), opts(via(down))));
    expect(tunnel.code).toBe('CONNECTION_REFUSED');
    expect(tunnel.line).toBe(`connection refused by proxy 127.0.0.1:${closedPort} (on the way to api.example.test:443)`);
    const plain = await failure(engine.send(req({ url: 'http://api.example.test/' }), opts(via(down))));
    expect(plain.code).toBe('CONNECTION_REFUSED');
    expect(plain.line, 'a plain-http request through a down proxy should say it was the proxy').toContain(`proxy 127.0.0.1:${closedPort}`);
  });
});

describe('bypass list and proxied protocols', () => {
  it('sends bypassed hosts direct and the others through the proxy', async () => {
    const settings = via(proxy, { bypass: ['localhost', '*.example.test'] });
    const direct = await engine.send(req({ url: `https://localhost:${echoTls.port}/` }), opts(settings));
    expect(direct.timings.proxy).toBe(0);
    expect(proxy.seen.connects).toEqual([]);
    // A bypassed made-up name is looked up locally, so it cannot resolve: proof it skipped the proxy.
    expect((await failure(engine.send(req({ url: 'https://api.example.test/' }), opts(settings)))).code).toBe('DNS_FAILURE');
    expect(proxy.seen.connects).toEqual([]);

    const proxied = await engine.send(req({ url: `https://127.0.0.1:${echoTls.port}/` }), opts(settings));
    expect(proxied.timings.proxy).toBeGreaterThan(0);
    expect(proxy.seen.connects).toEqual([`127.0.0.1:${echoTls.port}`]);
    await engine.send(req({ url: 'https://x.other.test/' }), opts(settings));
    expect(proxy.seen.connects).toEqual([`127.0.0.1:${echoTls.port}`, 'x.other.test:443']);
  });

  it('never reuses a direct connection for a proxied request, nor the other way round', async () => {
    const url = `https://127.0.0.1:${echoTls.port}/`;
    const direct = await engine.send(req({ url }), opts(trust()));
    expect(direct.timings.proxy).toBe(0);
    const proxied = await engine.send(req({ url }), opts(via(proxy)));
    expect(proxied.connectionReused).toBe(false);
    expect(proxied.timings.proxy).toBeGreaterThan(0);
    const directAgain = await engine.send(req({ url }), opts(trust()));
    expect(directAgain.timings.proxy).toBe(0);
    expect(proxy.seen.connects).toEqual([`127.0.0.1:${echoTls.port}`]);
  });

  it('honours a port in a bypass entry', async () => {
    const settings = via(proxy, { bypass: [`127.0.0.1:${echoPlain.port}`] });
    await engine.send(req({ url: `${echoPlain.url}/direct` }), opts(settings));
    expect(proxy.seen.requests).toEqual([]);
    await engine.send(req({ url: `http://localhost:${echoPlain.port}/` }), opts(settings));
    expect(proxy.seen.requests).toEqual([`http://localhost:${echoPlain.port}/`]);
  });

  it('proxies only the schemes listed in protocols', async () => {
    const httpsOnly = via(proxy, { protocols: ['https'] });
    const plain = await engine.send(req({ url: `${echoPlain.url}/direct` }), opts(httpsOnly));
    expect((await echoOf(plain)).url).toBe('/direct');
    expect(proxy.seen.requests).toEqual([]);
    await engine.send(req({ url: 'https://api.example.test/' }), opts(httpsOnly));
    expect(proxy.seen.connects).toEqual(['api.example.test:443']);

    const httpOnly = via(proxy, { protocols: ['http'] });
    const secure = await engine.send(req({ url: `https://localhost:${echoTls.port}/` }), opts(httpOnly));
    expect(secure.timings.proxy).toBe(0);
    await engine.send(req({ url: 'http://api.example.test/' }), opts(httpOnly));
    expect(proxy.seen.connects).toEqual(['api.example.test:443']);
    expect(proxy.seen.requests).toEqual(['http://api.example.test/']);
  });
});

describe('an HTTPS proxy', () => {
  it('tunnels https targets with the target TLS and client certificate inside its own TLS', async () => {
    const r = await engine.send(req({ url: 'https://api.example.test/' }), opts({ ...via(tlsProxy), ...certFor('api.example.test') }));
    expect(tlsProxy.url.startsWith('https://')).toBe(true);
    expect(tlsProxy.seen.connects).toEqual(['api.example.test:443']);
    const echo = await echoOf(r);
    expect(echo.tls?.servername).toBe('api.example.test');
    expect(echo.clientCert?.fingerprint256).toBe(client.fingerprint256);
    expect(r.tls?.peerCertificates[0]?.fingerprint256).toBe(target.fingerprint256);
    expect(r.timings.proxy).toBeGreaterThan(0);
  });

  it('never presents a client certificate to the proxy itself, even one configured for its host and port', async () => {
    tlsProxy.reset();
    const rule = (host: string, port?: number) => ({ host, ...(port === undefined ? {} : { port }), cert: files.client.cert, key: files.client.key });
    const certs = { clientCertificates: [rule('api.example.test'), rule('127.0.0.1', tlsProxy.port)] };
    const r = await engine.send(req({ url: 'https://api.example.test/' }), opts({ ...via(tlsProxy), ...certs }));
    expect((await echoOf(r)).clientCert?.fingerprint256).toBe(client.fingerprint256);
    await engine.send(req({ url: 'http://api.example.test/plain' }), opts({ ...via(tlsProxy), ...certs }));
    expect(tlsProxy.seen.clientCertificates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tlsProxy.seen.clientCertificates)).toEqual(new Set(['none']));
  });

  it('forwards plain http over TLS to the proxy', async () => {
    const r = await engine.send(req({ url: 'http://api.example.test/over-tls' }), opts(via(tlsProxy)));
    expect(tlsProxy.seen.requests).toEqual(['http://api.example.test/over-tls']);
    expect(header(await echoOf(r), 'host')).toEqual(['api.example.test']);
  });

  it('refuses an untrusted proxy certificate and says it was the proxy', async () => {
    const untrusted = { ...via(tlsProxy), caCertificates: { enabled: false, paths: [] } };
    const tunnel = await failure(engine.send(req({ url: 'https://api.example.test/' }), opts(untrusted)));
    const plain = await failure(engine.send(req({ url: 'http://api.example.test/' }), opts(untrusted)));
    expect([tunnel.code, plain.code]).toEqual(['TLS_CERT_VERIFY', 'TLS_CERT_VERIFY']);
    expect(tlsProxy.seen.connects).toEqual([]);
    expect(tlsProxy.seen.requests).toEqual([]);
    // The proxy's certificate is blamed, not the target's, which is never seen.
    for (const line of [tunnel.line, plain.line]) {
      expect(line, 'the proxy certificate failed, so the line must name the proxy and not blame the target').toContain(`for proxy 127.0.0.1:${tlsProxy.port}`);
    }
  });
});
