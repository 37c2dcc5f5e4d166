/**
 * `postern send` TLS controls against real peers: Node HTTPS servers (one demanding a client
 * certificate), `openssl s_server` as the independent witness of the negotiated protocol and cipher,
 * and a forward proxy that records the CONNECTs it tunnels.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpensslServer, type RunningOpensslServer } from '../support/openssl-server.js';
import { parseOpensslStatusPage, type OpensslStatusPage } from '../support/openssl-status.js';
import { createCa, issueClientCert, issueServerCert, type CertBundle } from '../support/pki.js';
import { writePkiFiles, type PkiFilePaths } from '../support/pki-files.js';
import { startProxy, type RunningProxy } from '../support/proxy.js';
import { startHttpServer, startHttpsServer, type EchoReply, type RunningServer } from '../support/servers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { expectOneErrorLine, linesOf, parseOneJsonLine, runCli, type JsonOutput } from './cli-harness.js';

const TLS12_CIPHERS = 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305';

let tmp: TempDir;
let ca: CertBundle;
let client: CertBundle;
let server: CertBundle;
let files: Record<'ca' | 'server' | 'client' | 'stranger', PkiFilePaths>;
let secured: RunningServer;
let mtls: RunningServer;
let plain: RunningServer;
let proxy: RunningProxy;
let openssl: RunningOpensslServer; // TLS 1.2 and 1.3, three TLS 1.2 ciphers
let tls13Only: RunningOpensslServer;
let aes256Only: RunningOpensslServer; // TLS 1.2 with one cipher

beforeAll(async () => {
  tmp = makeTempDir('postern-cli-tls-');
  ca = createCa('CLI Test CA');
  server = issueServerCert(ca, { hosts: ['127.0.0.1', 'localhost'] });
  client = issueClientCert(ca, { commonName: 'cli-client' });
  const stranger = issueClientCert(createCa('Stranger CA'), { commonName: 'stranger' });
  files = writePkiFiles(tmp.path, { ca, server, client, stranger }, { pfxPassphrase: 'pfx-pass' });
  const base = { cert: server.certPem, key: server.keyPem };
  const cert = { certPem: server.certPem, keyPem: server.keyPem };
  [secured, mtls, plain, proxy, openssl, tls13Only, aes256Only] = await Promise.all([
    startHttpsServer(base),
    startHttpsServer({ ...base, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }),
    startHttpServer(),
    startProxy(),
    startOpensslServer({ cert, minProtocol: 'TLSv1.2', maxProtocol: 'TLSv1.3', cipher: TLS12_CIPHERS }),
    startOpensslServer({ cert, protocols: ['TLSv1.3'] }),
    startOpensslServer({ cert, protocols: ['TLSv1.2'], cipher: 'ECDHE-RSA-AES256-GCM-SHA384' }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([secured, mtls, plain, proxy].map((s) => s?.close()));
  await Promise.all([openssl, tls13Only, aes256Only].map((s) => s?.stop()));
  tmp.cleanup();
});

async function sendJson(...argv: string[]): Promise<JsonOutput> {
  const run = await runCli('send', ...argv, '--json');
  expect(run.stderr, run.stderr).toBe('');
  expect(run.code).toBe(0);
  return parseOneJsonLine(run.stdout) as unknown as JsonOutput;
}

function echoIn(out: JsonOutput): EchoReply {
  return JSON.parse(out.body ?? 'null') as EchoReply;
}

/** The s_server -www page the CLI fetched: what the server saw of the session. */
async function statusPage(server: RunningOpensslServer, ...argv: string[]): Promise<{ page: OpensslStatusPage; out: JsonOutput }> {
  const out = await sendJson(`${server.url}/`, '--cacert', files.ca.cert, ...argv);
  return { page: parseOpensslStatusPage(out.body ?? ''), out };
}

describe('server verification', () => {
  it('verifies the server with --cacert and shows the TLS summary', async () => {
    const run = await runCli('send', `${secured.url}/x`, '--cacert', files.ca.cert);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = linesOf(run.stdout);
    expect(lines[0]).toBe('HTTP/1.1 200 OK');
    expect(lines.some((l) => /^Time\s+\d/.test(l) && l.includes('TLS '))).toBe(true);
    const tlsLine = lines.find((l) => l.startsWith('TLS '));
    expect(tlsLine).toMatch(/^TLS\s+TLSv1\.3 · TLS_AES_\w+ · ALPN http\/1\.1 · certificate verified$/);
    const serverLine = lines.find((l) => /^\s+server\s/.test(l)) ?? '';
    expect(serverLine).toContain('CN=127.0.0.1');
    expect(serverLine).toContain('CLI Test CA');
    expect(serverLine).toContain(server.fingerprint256.slice(0, 11));
    expect(lines.find((l) => /^\s+client\s/.test(l))).toMatch(/client\s+none/);
  });

  it('exits 1 with one line saying why when the server is not trusted', async () => {
    const run = await runCli('send', `${secured.url}/x`);
    expect(run.code).toBe(1);
    const line = expectOneErrorLine(run);
    expect(line).toContain(`127.0.0.1:${secured.port}`);
    expect(line).toMatch(/certificate/);
    expect(run.stdout).toBe('');
  });

  it('-k/--insecure connects anyway and says the certificate was not verified', async () => {
    for (const flag of ['-k', '--insecure']) {
      const run = await runCli('send', `${secured.url}/x`, flag);
      expect(run.code).toBe(0);
      expect(linesOf(run.stdout).find((l) => l.startsWith('TLS '))).toMatch(/not verified: \S+/);
    }
    const out = await sendJson(`${secured.url}/x`, '-k');
    expect(out.tls?.authorized).toBe(false);
  });

  it('--json carries the tls object: protocol, cipher, alpn, peer certificates, client certificate', async () => {
    const out = await sendJson(`${secured.url}/x`, '--cacert', files.ca.cert);
    expect(out.tls).not.toBeNull();
    expect(Object.keys(out.tls ?? {})).toEqual(expect.arrayContaining(['protocol', 'cipher', 'alpn', 'peerCertificates', 'clientCertificate']));
    const echo = echoIn(out);
    expect(out.tls?.protocol).toBe(echo.tls?.protocol);
    expect(out.tls?.cipher).toBe(echo.tls?.cipher);
    expect(out.tls?.alpn).toBe('http/1.1');
    // Leaf first, then the trusted root it verified against.
    expect(out.tls?.peerCertificates.map((c) => c.fingerprint256)).toEqual([server.fingerprint256, ca.fingerprint256]);
    expect(out.tls?.clientCertificate).toBeNull();
    expect(out.timings['tls']).toBeGreaterThan(0);
  });
});

describe('client certificates', () => {
  it('--cert/--key: the mTLS server sees the certificate, and the output names it', async () => {
    const out = await sendJson(`${mtls.url}/me`, '--cacert', files.ca.cert, '--cert', files.client.cert, '--key', files.client.key);
    const echo = echoIn(out);
    expect(echo.clientCert?.fingerprint256).toBe(client.fingerprint256);
    expect(echo.tls?.authorized).toBe(true);
    expect(out.tls?.clientCertificate?.fingerprint256).toBe(client.fingerprint256);
    expect(out.tls?.clientCertificate?.subject).toContain('cli-client');

    const human = await runCli('send', `${mtls.url}/me`, '--cacert', files.ca.cert, '--cert', files.client.cert, '--key', files.client.key);
    expect(human.code).toBe(0);
    const clientLine = linesOf(human.stdout).find((l) => /^\s+client\s/.test(l));
    expect(clientLine).toContain('CN=cli-client');
    expect(clientLine).toContain(`127.0.0.1:${mtls.port}`);
  });

  it('--pfx with --passphrase (or $POSTERN_PASSPHRASE) presents the PKCS#12 certificate', async () => {
    const pfx = files.client.pfx ?? '';
    const out = await sendJson(`${mtls.url}/me`, '--cacert', files.ca.cert, '--pfx', pfx, '--passphrase', 'pfx-pass');
    expect(echoIn(out).clientCert?.fingerprint256).toBe(client.fingerprint256);

    process.env['POSTERN_PASSPHRASE'] = 'pfx-pass';
    try {
      const fromEnv = await sendJson(`${mtls.url}/me`, '--cacert', files.ca.cert, '--pfx', pfx);
      expect(echoIn(fromEnv).clientCert?.subjectCN).toBe('cli-client');
    } finally {
      delete process.env['POSTERN_PASSPHRASE'];
    }
  });

  it('exits 1 with one line when the server demands a certificate and none (or a stranger) is given', async () => {
    for (const extra of [[], ['--cert', files.stranger.cert, '--key', files.stranger.key]]) {
      const run = await runCli('send', `${mtls.url}/me`, '--cacert', files.ca.cert, ...extra);
      expect(run.code, run.stderr).toBe(1);
      expect(expectOneErrorLine(run)).toContain(`127.0.0.1:${mtls.port}`);
    }
  });
});

describe('protocols and ciphers, witnessed by openssl s_server', () => {
  it('negotiates TLS 1.3 by default and TLS 1.2 with --tls-disable TLSv1_3', async () => {
    const modern = await statusPage(openssl);
    expect(modern.page.protocol).toBe('TLSv1.3');
    expect(modern.out.tls?.protocol).toBe('TLSv1.3');

    const older = await statusPage(openssl, '--tls-disable', 'TLSv1_3');
    expect(older.page.protocol).toBe('TLSv1.2');
    expect(older.out.tls?.protocol).toBe('TLSv1.2');
    expect(older.out.tls?.cipher).toBe(older.page.cipher);
  });

  it('--ciphers offers only the named suites, in that order', async () => {
    const one = await statusPage(openssl, '--tls-disable', 'TLSv1_3', '--ciphers', 'ECDHE-RSA-AES256-GCM-SHA384');
    expect(one.page.cipher).toBe('ECDHE-RSA-AES256-GCM-SHA384');
    expect(one.page.sharedCiphers).toEqual(['ECDHE-RSA-AES256-GCM-SHA384']);

    const ordered = await statusPage(openssl, '--tls-disable', 'TLSv1_3', '--ciphers', 'ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256');
    expect(ordered.page.sharedCiphers).toEqual(['ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-RSA-AES128-GCM-SHA256']);
    expect(ordered.page.cipher).toBe('ECDHE-RSA-CHACHA20-POLY1305');
    expect(ordered.out.tls?.cipher).toBe('ECDHE-RSA-CHACHA20-POLY1305');
  });

  it('--ciphers picks a TLS 1.3 suite too', async () => {
    const { page, out } = await statusPage(openssl, '--ciphers', 'TLS_CHACHA20_POLY1305_SHA256');
    expect(page.protocol).toBe('TLSv1.3');
    expect(page.cipher).toBe('TLS_CHACHA20_POLY1305_SHA256');
    expect(out.tls?.cipher).toBe('TLS_CHACHA20_POLY1305_SHA256');
  });

  it('exits 1 naming the refusing side and OpenSSL reason when no protocol is shared', async () => {
    const run = await runCli('send', `${tls13Only.url}/`, '--cacert', files.ca.cert, '--tls-disable', 'TLSv1_3');
    expect(run.code).toBe(1);
    const line = expectOneErrorLine(run);
    expect(line).toContain(`TLS handshake with 127.0.0.1:${tls13Only.port} failed`);
    expect(line).toMatch(/the server refused \(.*protocol version.*\)/i);
  });

  it('exits 1 naming the refusing side and OpenSSL reason when no cipher is shared', async () => {
    const run = await runCli('send', `${aes256Only.url}/`, '--cacert', files.ca.cert, '--ciphers', 'ECDHE-RSA-AES128-GCM-SHA256');
    expect(run.code).toBe(1);
    const line = expectOneErrorLine(run);
    expect(line).toContain(`TLS handshake with 127.0.0.1:${aes256Only.port} failed`);
    expect(line).toMatch(/the server refused \(.*handshake failure.*\)/i);
  });

  it('exits 1 saying the client refused when https:// meets a plain HTTP port', async () => {
    const run = await runCli('send', `https://127.0.0.1:${plain.port}/`, '--json');
    expect(run.code).toBe(1);
    const line = expectOneErrorLine(run);
    expect(line).toMatch(/the client refused \(.*wrong version number.*\)/i);
    expect(parseOneJsonLine(run.stdout)).toEqual({ error: { code: 'TLS_HANDSHAKE', message: line.replace('postern: error: ', '') } });
  });
});

describe('proxy and key log', () => {
  it('--proxy tunnels https with CONNECT and sends http in absolute form', async () => {
    proxy.reset();
    const out = await sendJson(`${secured.url}/through`, '--cacert', files.ca.cert, '--proxy', proxy.url);
    expect(out.status).toBe(200);
    expect(echoIn(out).url).toBe('/through');
    expect(proxy.seen.connects).toEqual([`127.0.0.1:${secured.port}`]);

    const viaHttp = await sendJson(`${plain.url}/plain`, '--proxy', proxy.url);
    expect(echoIn(viaHttp).url).toBe('/plain');
    expect(proxy.seen.requests).toEqual([`${plain.url}/plain`]);
  });

  it('--no-proxy sends a listed host directly', async () => {
    proxy.reset();
    const out = await sendJson(`${plain.url}/direct`, '--proxy', proxy.url, '--no-proxy', '127.0.0.1');
    expect(echoIn(out).url).toBe('/direct');
    expect(proxy.seen.requests).toEqual([]);
    expect(proxy.seen.connects).toEqual([]);
  });

  it('exits 1 with one line when the proxy is not there', async () => {
    const gone = await startProxy();
    await gone.close();
    const run = await runCli('send', `${secured.url}/`, '--cacert', files.ca.cert, '--proxy', gone.url);
    expect(run.code).toBe(1);
    const line = expectOneErrorLine(run);
    expect(line).toContain(`127.0.0.1:${gone.port}`);
    expect(line).toMatch(/proxy/);
  });

  it('--keylog writes the session secrets in NSS key log format', async () => {
    const keylog = tmp.file('keys.log');
    await sendJson(`${secured.url}/k`, '--cacert', files.ca.cert, '--keylog', keylog);
    const lines = linesOf(readFileSync(keylog, 'utf8'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+$/);
    expect(lines.some((l) => l.startsWith('CLIENT_TRAFFIC_SECRET_0 '))).toBe(true);
  });
});
