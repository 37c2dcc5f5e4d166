import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePkiFiles } from './pki-files.js';
import {
  createCa,
  createSelfSignedServerCert,
  encryptKeyPem,
  issueClientCert,
  issueIntermediateCa,
  issueServerCert,
  splitPem,
  toPfx,
  type CertBundle,
} from './pki.js';
import { makeTempDir, type TempDir } from './tmp.js';

interface HandshakeResult {
  /** Client-side error code, null when the handshake succeeded. */
  readonly clientError: string | null;
  readonly serverCertFingerprint: string | null;
  /** Fingerprint of the client certificate the server received, if any. */
  readonly clientCertFingerprint: string | null;
}

/** One real TLS handshake on loopback between a Node server and a Node client. */
async function handshake(serverOptions: tls.TlsOptions, clientOptions: tls.ConnectionOptions): Promise<HandshakeResult> {
  let clientCertFingerprint: string | null = null;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(serverOptions, (socket) => {
    const peer = socket.getPeerCertificate();
    if (typeof peer.fingerprint256 === 'string') clientCertFingerprint = peer.fingerprint256;
    socket.end('ok');
  });
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  try {
    return await new Promise<HandshakeResult>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: address.port, ...clientOptions });
      socket.once('secureConnect', () => {
        const peer = socket.getPeerCertificate();
        // Wait for the server's reply so its view of the client certificate is recorded.
        socket.once('data', () => {
          socket.destroy();
          resolve({ clientError: null, serverCertFingerprint: peer.fingerprint256, clientCertFingerprint });
        });
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        socket.destroy();
        resolve({ clientError: error.code ?? error.message, serverCertFingerprint: null, clientCertFingerprint: null });
      });
      // TLS 1.3: a server that refuses the client certificate may just close after the client's handshake.
      socket.once('close', () => {
        resolve({ clientError: 'CLOSED', serverCertFingerprint: null, clientCertFingerprint: null });
      });
    });
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function serverOptionsFor(bundle: CertBundle): tls.TlsOptions {
  return { cert: bundle.certPem + bundle.chainPem, key: bundle.keyPem };
}

describe('pki', () => {
  let ca: CertBundle;
  let server: CertBundle;
  let temp: TempDir;

  beforeAll(() => {
    ca = createCa('Unit Root');
    server = issueServerCert(ca, { hosts: ['localhost', '127.0.0.1', '::1'] });
    temp = makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('makes a self-signed CA whose metadata matches what Node reads', () => {
    const x509 = new crypto.X509Certificate(ca.certPem);
    expect(x509.ca).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(ca.fingerprint256).toBe(x509.fingerprint256);
    expect(ca.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(ca.subjectCN).toBe('Unit Root');
    expect(ca.issuerCN).toBe('Unit Root');
    expect(ca.rootPem).toBe(ca.certPem);
    expect(crypto.createPrivateKey(ca.keyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('issues a server certificate with DNS and IP subjectAltNames, signed by the CA', () => {
    const x509 = new crypto.X509Certificate(server.certPem);
    expect(x509.checkIssued(new crypto.X509Certificate(ca.certPem))).toBe(true);
    expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(server.subjectCN).toBe('localhost');
    expect(server.issuerCN).toBe('Unit Root');
    expect(server.isCa).toBe(false);
    expect(server.rootPem).toBe(ca.certPem);
  });

  it('gives every certificate its own key and serial', () => {
    const other = issueServerCert(ca, { hosts: ['localhost'] });
    expect(other.keyPem).not.toBe(server.keyPem);
    expect(other.serialNumber).not.toBe(server.serialNumber);
    expect(other.fingerprint256).not.toBe(server.fingerprint256);
  });

  it('is trusted by a Node TLS client that trusts the CA, for names in the SAN only', async () => {
    const ok = await handshake(serverOptionsFor(server), { ca: ca.certPem, servername: 'localhost' });
    expect(ok.clientError).toBeNull();
    expect(ok.serverCertFingerprint).toBe(server.fingerprint256);

    const wrongName = await handshake(serverOptionsFor(server), { ca: ca.certPem, servername: 'elsewhere.test' });
    expect(wrongName.clientError).toBe('ERR_TLS_CERT_ALTNAME_INVALID');

    const untrusted = await handshake(serverOptionsFor(server), { ca: createCa('Other Root').certPem, servername: 'localhost' });
    expect(untrusted.clientError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('honours notBefore/notAfter (an expired certificate fails verification)', async () => {
    const expired = issueServerCert(ca, {
      hosts: ['localhost'],
      notBefore: new Date(Date.now() - 10 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    expect(expired.notAfter.getTime()).toBeLessThan(Date.now());
    const result = await handshake(serverOptionsFor(expired), { ca: ca.certPem, servername: 'localhost' });
    expect(result.clientError).toBe('CERT_HAS_EXPIRED');
  });

  it('builds chains through an intermediate CA', async () => {
    const intermediate = issueIntermediateCa(ca, 'Unit Intermediate');
    const leaf = issueServerCert(intermediate, { hosts: ['localhost'] });
    expect(splitPem(leaf.chainPem)).toEqual([intermediate.certPem]);
    expect(leaf.rootPem).toBe(ca.certPem);
    expect(leaf.issuerCN).toBe('Unit Intermediate');

    const withChain = await handshake(serverOptionsFor(leaf), { ca: ca.certPem, servername: 'localhost' });
    expect(withChain.clientError).toBeNull();
    const leafOnly = await handshake({ cert: leaf.certPem, key: leaf.keyPem }, { ca: ca.certPem, servername: 'localhost' });
    expect(leafOnly.clientError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('makes self-signed server certificates that Node rejects as such', async () => {
    const selfSigned = createSelfSignedServerCert({ hosts: ['localhost'] });
    expect(selfSigned.isCa).toBe(false);
    expect(selfSigned.subjectCN).toBe(selfSigned.issuerCN);
    const result = await handshake(serverOptionsFor(selfSigned), { ca: ca.certPem, servername: 'localhost' });
    expect(result.clientError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('issues client certificates that a mutual-TLS server accepts and identifies', async () => {
    const client = issueClientCert(ca, { commonName: 'alice' });
    expect(client.subjectCN).toBe('alice');
    expect(new crypto.X509Certificate(client.certPem).keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    const mtls: tls.TlsOptions = { ...serverOptionsFor(server), ca: ca.certPem, requestCert: true, rejectUnauthorized: true };

    const ok = await handshake(mtls, { ca: ca.certPem, servername: 'localhost', cert: client.certPem, key: client.keyPem });
    expect(ok.clientError).toBeNull();
    expect(ok.clientCertFingerprint).toBe(client.fingerprint256);

    const stranger = issueClientCert(createCa('Stranger Root'), { commonName: 'mallory' });
    const refused = await handshake(mtls, { ca: ca.certPem, servername: 'localhost', cert: stranger.certPem, key: stranger.keyPem });
    expect(refused.clientError).not.toBeNull();
    expect(refused.clientCertFingerprint).toBeNull();
  });

  it.each(['aes256', '3des'] as const)('writes PKCS#12 (%s) that Node and the openssl CLI open', async (algorithm) => {
    const client = issueClientCert(ca, { commonName: 'pfx-user' });
    const pfx = toPfx(client, 's3cret', ca.certPem, { algorithm });
    expect(() => tls.createSecureContext({ pfx, passphrase: 's3cret' })).not.toThrow();
    expect(() => tls.createSecureContext({ pfx, passphrase: 'wrong' })).toThrow(/mac verify failure/i);

    const file = temp.write(`client-${algorithm}.pfx`, pfx);
    // No -legacy: OpenSSL 3's default provider must read it, as Node's bundled OpenSSL will.
    const pem = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:s3cret', '-nodes'], { encoding: 'utf8' });
    expect(pem).toContain('subject=O = Postern Test, CN = pfx-user');
    expect(pem).toContain('subject=O = Postern Test, CN = Unit Root');
    expect(pem).toContain('-----BEGIN PRIVATE KEY-----');

    const mtls: tls.TlsOptions = { ...serverOptionsFor(server), ca: ca.certPem, requestCert: true, rejectUnauthorized: true };
    const result = await handshake(mtls, { ca: ca.certPem, servername: 'localhost', pfx, passphrase: 's3cret' });
    expect(result.clientError).toBeNull();
    expect(result.clientCertFingerprint).toBe(client.fingerprint256);
  });

  it('includes the intermediates in a PKCS#12 by default', () => {
    const intermediate = issueIntermediateCa(ca, 'Pfx Intermediate');
    const leaf = issueClientCert(intermediate, { commonName: 'chained' });
    const file = temp.write('chained.pfx', toPfx(leaf, 'pw'));
    const pem = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:pw', '-nokeys'], { encoding: 'utf8' });
    expect(splitPem(pem)).toHaveLength(2);
    expect(pem).toContain('CN = Pfx Intermediate');
  });

  it('encrypts keys with a passphrase', () => {
    const encrypted = encryptKeyPem(server.keyPem, 'pw');
    expect(encrypted).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    expect(() => crypto.createPrivateKey(encrypted)).toThrow();
    const key = crypto.createPrivateKey({ key: encrypted, passphrase: 'pw' });
    expect(key.export({ type: 'pkcs8', format: 'pem' })).toBe(server.keyPem);
  });

  it('writes PEM, chain, PKCS#12 and encrypted-key files', () => {
    const client = issueClientCert(ca, { commonName: 'filed' });
    const paths = writePkiFiles(temp.path, { server, client }, { pfxPassphrase: 'pfxpw', keyPassphrase: 'keypw' });
    expect(fs.readFileSync(paths.server.cert, 'utf8')).toBe(server.certPem);
    expect(fs.readFileSync(paths.server.key, 'utf8')).toBe(server.keyPem);
    expect(fs.readFileSync(paths.client.root, 'utf8')).toBe(ca.certPem);
    expect(fs.readFileSync(paths.client.fullChain, 'utf8')).toBe(client.certPem);
    expect(paths.client.pfx).toBeDefined();
    const pfx = fs.readFileSync(paths.client.pfx ?? '');
    expect(() => tls.createSecureContext({ pfx, passphrase: 'pfxpw' })).not.toThrow();
    const encrypted = fs.readFileSync(paths.client.encryptedKey ?? '', 'utf8');
    expect(() => crypto.createPrivateKey({ key: encrypted, passphrase: 'keypw' })).not.toThrow();
    expect(fs.statSync(paths.client.key).mode & 0o777).toBe(0o600);
  });

  it('refuses to issue from a non-CA certificate', () => {
    expect(() => issueServerCert(server, { hosts: ['x.test'] })).toThrow(/not a CA/);
    expect(() => issueServerCert(ca, { hosts: [] })).toThrow(/at least one host/);
  });
});
