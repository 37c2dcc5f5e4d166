import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { createCa, issueClientCert, issueServerCert, type CertBundle } from '../support/pki.js';
import { writePkiFiles, type PkiFilePaths } from '../support/pki-files.js';
import { startHttpServer, startHttpsServer, type RunningServer } from '../support/servers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { echoOf, failure, opts, req } from './engine-helpers.js';

let tmp: TempDir;
let ca: CertBundle;
let otherCa: CertBundle;
let files: Record<'ca' | 'server' | 'client' | 'stranger' | 'wrongName', PkiFilePaths>;
let secured: RunningServer; // verifies nothing about the client
let mtls: RunningServer; // demands a client certificate
let optional: RunningServer; // asks for one, accepts without
let wrongName: RunningServer;
let plain: RunningServer;
const engine = new Engine();

beforeAll(async () => {
  tmp = makeTempDir();
  ca = createCa('Postern Test CA');
  otherCa = createCa('Someone Else CA');
  const server = issueServerCert(ca, { hosts: ['localhost', '127.0.0.1'] });
  const client = issueClientCert(ca, { commonName: 'postern-client' });
  const stranger = issueClientCert(otherCa, { commonName: 'stranger' });
  const wrong = issueServerCert(ca, { hosts: ['elsewhere.test'] });
  files = writePkiFiles(tmp.path, { ca, server, client, stranger, wrongName: wrong }, { pfxPassphrase: 'pfx-pass', keyPassphrase: 'key-pass' });
  const base = { cert: server.certPem, key: server.keyPem };
  secured = await startHttpsServer(base);
  mtls = await startHttpsServer({ ...base, ca: ca.certPem, requestCert: true, rejectUnauthorized: true });
  optional = await startHttpsServer({ ...base, ca: ca.certPem, requestCert: true, rejectUnauthorized: false });
  wrongName = await startHttpsServer({ cert: wrong.certPem, key: wrong.keyPem });
  plain = await startHttpServer();
});

afterAll(async () => {
  await engine.close();
  await Promise.all([secured, mtls, optional, wrongName, plain].map((s) => s.close()));
  tmp.cleanup();
});

const trust = () => ({ caCertificates: { enabled: true, paths: [files.ca.cert] } });

describe('server certificate verification', () => {
  it('refuses an untrusted server with a reason, and trusts it with the CA bundle', async () => {
    const refused = await failure(engine.send(req({ url: secured.url }), opts()));
    expect(refused.code).toBe('TLS_CERT_VERIFY');
    expect(refused.line).toMatch(/not (signed by a trusted CA|trusted)|self-signed/);

    const ok = await engine.send(req({ url: secured.url }), opts(trust()));
    expect(ok.status).toBe(200);
    expect(ok.tls?.authorized).toBe(true);
    expect(ok.tls?.protocol).toBe('TLSv1.3');
    expect(ok.tls?.alpn).toBe('http/1.1');
    expect(ok.tls?.peerCertificates[0]?.subject).toContain('CN=localhost');
    expect(ok.tls?.peerCertificates[0]?.fingerprint256).toBe(issuedFingerprint(files.server.cert));
    expect(ok.timings.tls).toBeGreaterThan(0);
  });

  it('connects without verification when SSL verification is off, and says why it would fail', async () => {
    const r = await engine.send(req({ url: secured.url }), opts({ tls: { strictSSL: false } }));
    expect(r.status).toBe(200);
    expect(r.tls?.authorized).toBe(false);
    expect(r.tls?.authorizationError).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
  });

  it('refuses a certificate for another host name', async () => {
    const f = await failure(engine.send(req({ url: wrongName.url }), opts(trust())));
    expect(f.code).toBe('TLS_CERT_VERIFY');
    expect(f.line).toContain('not valid for this host name');
  });

  it('names a CA bundle that is not a certificate', async () => {
    const junk = tmp.write('junk.pem', 'hello');
    const f = await failure(engine.send(req({ url: secured.url }), opts({ caCertificates: { enabled: true, paths: [junk] } })));
    expect(f.code).toBe('CERT_INVALID');
    expect(f.line).toContain('junk.pem');
  });

  it('times out a handshake that never completes', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const f = await failure(engine.send(req({ url: `https://127.0.0.1:${port}/` }), opts({ ...trust(), timeouts: { connectMs: 300 } })));
      expect(f.code).toBe('CONNECT_TIMEOUT');
      expect(f.line).toBe(`timed out after 300 ms connecting to 127.0.0.1:${port}`);
    } finally {
      silent.close();
    }
  });

  it('says so when TLS meets a plain HTTP port', async () => {
    const f = await failure(engine.send(req({ url: plain.url.replace('http:', 'https:') }), opts(trust())));
    expect(f.code).toBe('TLS_HANDSHAKE');
    expect(f.line).toContain('plain HTTP port');
  });
});

describe('client certificates', () => {
  const port = (s: RunningServer) => s.port;

  it('presents the certificate configured for the host and port, and reports it', async () => {
    const r = await engine.send(
      req({ url: `https://localhost:${port(mtls)}/` }),
      opts({ ...trust(), clientCertificates: [{ host: 'localhost', port: port(mtls), cert: files.client.cert, key: files.client.key }] }),
    );
    const echo = await echoOf(r);
    expect(echo.clientCert?.subjectCN).toBe('postern-client');
    expect(r.tls?.clientCertificate?.fingerprint256).toBe(echo.clientCert?.fingerprint256);
    expect(r.tls?.clientCertificate?.host).toBe('localhost');
  });

  it('never offers it to another host or another port', async () => {
    const config = { ...trust(), clientCertificates: [{ host: 'localhost', port: port(optional), cert: files.client.cert, key: files.client.key }] };
    const otherHost = await engine.send(req({ url: `https://127.0.0.1:${port(optional)}/` }), opts(config));
    expect((await echoOf(otherHost)).clientCert).toBeNull();
    expect(otherHost.tls?.clientCertificate).toBeNull();
    expect(otherHost.tls?.clientCertificateNote).toBe(`no client certificate is configured for 127.0.0.1:${port(optional)}`);

    const defaultPort = { ...trust(), clientCertificates: [{ host: 'localhost', cert: files.client.cert, key: files.client.key }] };
    const otherPort = await engine.send(req({ url: `https://localhost:${port(optional)}/` }), opts(defaultPort));
    expect((await echoOf(otherPort)).clientCert).toBeNull();

    const matching = await engine.send(req({ url: `https://localhost:${port(optional)}/` }), opts(config));
    expect((await echoOf(matching)).clientCert?.subjectCN).toBe('postern-client');
  });

  it('fails clearly when the server demands a certificate and none matches', async () => {
    // Under TLS 1.3 the server's alert arrives after the client's handshake is done.
    const f = await failure(engine.send(req({ url: `https://127.0.0.1:${port(mtls)}/` }), opts(trust())));
    expect(f.code).toBe('TLS_HANDSHAKE');
    expect(f.line).toMatch(/the server refused \(.*certificate required.*\)/);
  });

  it('reports a certificate the server does not trust', async () => {
    const f = await failure(
      engine.send(req({ url: `https://localhost:${port(mtls)}/` }), opts({ ...trust(), clientCertificates: [{ host: 'localhost', port: port(mtls), cert: files.stranger.cert, key: files.stranger.key }] })),
    );
    // Node's server checks the certificate after the handshake and hangs up without an alert.
    expect(f.code).toBe('CONNECTION_RESET');
    expect(f.line).toContain('it may have rejected the client certificate O=Postern Test, CN=stranger');
  });

  it('uses a PFX with its passphrase, and names a wrong passphrase', async () => {
    const pfx = { host: '127.0.0.1', port: port(mtls), pfx: files.client.pfx as string };
    const ok = await engine.send(req({ url: `${mtls.url}/` }), opts({ ...trust(), clientCertificates: [{ ...pfx, passphrase: 'pfx-pass' }] }));
    expect((await echoOf(ok)).clientCert?.subjectCN).toBe('postern-client');
    const wrong = await failure(engine.send(req({ url: `${mtls.url}/` }), opts({ ...trust(), clientCertificates: [{ ...pfx, passphrase: 'nope' }] })));
    expect(wrong.code).toBe('PFX_PASSPHRASE');
    expect(wrong.line).toContain('client.pfx');
  });

  it('opens an encrypted PEM key with its passphrase', async () => {
    const config = (passphrase: string) => ({ ...trust(), clientCertificates: [{ host: '127.0.0.1', port: port(mtls), cert: files.client.cert, key: files.client.encryptedKey as string, passphrase }] });
    expect((await echoOf(await engine.send(req({ url: mtls.url }), opts(config('key-pass'))))).clientCert?.subjectCN).toBe('postern-client');
    expect((await failure(engine.send(req({ url: mtls.url }), opts(config('bad'))))).code).toBe('PFX_PASSPHRASE');
  });

  it('names unreadable, wrong-format and mismatched files', async () => {
    const base = { host: '127.0.0.1', port: port(mtls) };
    const missing = await failure(engine.send(req({ url: mtls.url }), opts({ clientCertificates: [{ ...base, cert: tmp.file('nope.pem'), key: files.client.key }] })));
    expect(missing).toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(missing.line).toContain('nope.pem');
    const notCert = tmp.write('not-a-cert.pem', 'garbage');
    expect((await failure(engine.send(req({ url: mtls.url }), opts({ clientCertificates: [{ ...base, cert: notCert, key: files.client.key }] })))).code).toBe('CERT_INVALID');
    const mismatch = await failure(engine.send(req({ url: mtls.url }), opts({ clientCertificates: [{ ...base, cert: files.client.cert, key: files.stranger.key }] })));
    expect(mismatch.code).toBe('CERT_KEY_MISMATCH');
  });

  it('never uses a certificate on plain HTTP', async () => {
    const r = await engine.send(req({ url: plain.url }), opts({ clientCertificates: [{ host: '127.0.0.1', port: plain.port, cert: files.client.cert, key: files.client.key }] }));
    expect(r.tls).toBeNull();
    expect((await echoOf(r)).clientCert).toBeNull();
  });
});

describe('profiles, ciphers and key log', () => {
  it('does not share a connection between different TLS profiles', async () => {
    const local = new Engine();
    try {
      const a = await local.send(req({ url: secured.url }), opts({ ...trust(), tls: { disabledProtocols: ['TLSv1', 'TLSv1_1', 'TLSv1_3'], cipherSelection: ['ECDHE-RSA-AES128-GCM-SHA256'] } }));
      const b = await local.send(req({ url: secured.url }), opts({ ...trust(), tls: { disabledProtocols: ['TLSv1', 'TLSv1_1', 'TLSv1_3'], cipherSelection: ['ECDHE-RSA-AES256-GCM-SHA384'] } }));
      expect(a.tls?.cipher?.name).toBe('ECDHE-RSA-AES128-GCM-SHA256');
      expect(b.tls?.cipher?.name).toBe('ECDHE-RSA-AES256-GCM-SHA384');
      expect(b.connectionReused).toBe(false);
      expect((await echoOf(b)).tls?.protocol).toBe('TLSv1.2');
    } finally {
      await local.close();
    }
  });

  it('rejects unknown ciphers, no protocols, and selections no protocol can use', async () => {
    const unknown = await failure(engine.send(req({ url: secured.url }), opts({ tls: { cipherSelection: ['ECDHE-RSA-AES128-GCM-SHA256', 'FAKE-CIPHER'] } })));
    expect(unknown.code).toBe('UNKNOWN_CIPHER');
    expect(unknown.line).toContain('tlsCipherSelection[1]');
    expect((await failure(engine.send(req({ url: secured.url }), opts({ tls: { disabledProtocols: ['TLSv1', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3'] } })))).code).toBe('NO_TLS_PROTOCOL');
    const unusable = await failure(engine.send(req({ url: secured.url }), opts({ tls: { disabledProtocols: ['TLSv1_3'], cipherSelection: ['TLS_AES_128_GCM_SHA256'] } })));
    expect(unusable.code).toBe('NO_USABLE_CIPHER');
  });

  it('writes TLS secrets in NSS key log format', async () => {
    const keylog = tmp.file('keys.log');
    const local = new Engine();
    try {
      await local.send(req({ url: secured.url }), opts({ ...trust(), sslKeyLogFile: keylog }));
      await local.send(req({ url: secured.url }), opts({ ...trust(), sslKeyLogFile: keylog, tls: { disabledProtocols: ['TLSv1', 'TLSv1_1', 'TLSv1_3'] } }));
    } finally {
      await local.close();
    }
    const lines = readFileSync(keylog, 'utf8').trim().split('\n');
    expect(lines.some((l) => /^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/.test(l))).toBe(true);
  });
});

function issuedFingerprint(certFile: string): string {
  return new X509Certificate(readFileSync(certFile)).fingerprint256;
}
