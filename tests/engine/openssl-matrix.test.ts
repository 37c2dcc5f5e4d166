/**
 * The protocol and cipher matrix against `openssl s_server`, an independent TLS implementation: what
 * the server saw (its -www status page) is the witness of what the engine negotiated and offered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, responseText } from '../../src/engine/index.js';
import { TLS_PROTOCOLS, type TlsProtocol } from '../../src/model/index.js';
import { startOpensslServer, type RunningOpensslServer, type TlsVersion } from '../support/openssl-server.js';
import { parseOpensslStatusPage } from '../support/openssl-status.js';
import { createCa, issueClientCert, issueServerCert, type CertBundle } from '../support/pki.js';
import { writePkiFiles, type PkiFilePaths } from '../support/pki-files.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { failure, opts, req } from './engine-helpers.js';

const VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const POSTMAN_NAME: Record<TlsVersion, TlsProtocol> = { TLSv1: 'TLSv1', 'TLSv1.1': 'TLSv1_1', 'TLSv1.2': 'TLSv1_2', 'TLSv1.3': 'TLSv1_3' };
const TLS12_CIPHERS = 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305';

let tmp: TempDir;
let ca: CertBundle;
let files: Record<'ca' | 'client', PkiFilePaths>;
const single = new Map<TlsVersion, RunningOpensslServer>();
let all: RunningOpensslServer;
let clientOrder: RunningOpensslServer;
let serverOrder: RunningOpensslServer;
let tls13Order: RunningOpensslServer;
let mutual: RunningOpensslServer;
const engine = new Engine();

beforeAll(async () => {
  tmp = makeTempDir();
  ca = createCa('Matrix CA');
  const server = issueServerCert(ca, { hosts: ['127.0.0.1', 'localhost'] });
  const client = issueClientCert(ca, { commonName: 'matrix-client' });
  files = writePkiFiles(tmp.path, { ca, client });
  const cert = { certPem: server.certPem, keyPem: server.keyPem };
  const started = await Promise.all([
    ...VERSIONS.map((v) => startOpensslServer({ cert, protocols: [v] })),
    startOpensslServer({ cert, minProtocol: 'TLSv1', maxProtocol: 'TLSv1.3' }),
    startOpensslServer({ cert, protocols: ['TLSv1.2'], cipher: TLS12_CIPHERS }),
    startOpensslServer({ cert, protocols: ['TLSv1.2'], cipher: TLS12_CIPHERS, serverPreference: true }),
    startOpensslServer({ cert, protocols: ['TLSv1.3'], ciphersuites: 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256' }),
    startOpensslServer({ cert, minProtocol: 'TLSv1.2', clientAuth: { caPem: ca.certPem, required: true } }),
  ]);
  VERSIONS.forEach((v, i) => single.set(v, started[i] as RunningOpensslServer));
  const [a, b, c, d, e] = started.slice(4) as [RunningOpensslServer, RunningOpensslServer, RunningOpensslServer, RunningOpensslServer, RunningOpensslServer];
  [all, clientOrder, serverOrder, tls13Order, mutual] = [a, b, c, d, e];
}, 60_000);

afterAll(async () => {
  await engine.close();
  await Promise.all([...single.values(), all, clientOrder, serverOrder, tls13Order, mutual].map((s) => s?.stop()));
  tmp.cleanup();
});

/** Every subset of the four protocols, as Postman's tlsDisabledProtocols. */
const SUBSETS: TlsProtocol[][] = Array.from({ length: 16 }, (_, mask) => TLS_PROTOCOLS.filter((_, bit) => mask & (1 << bit)));

async function statusPage(server: RunningOpensslServer, settings: Record<string, unknown>) {
  const response = await engine.send(req({ url: `${server.url}/` }), opts({ caCertificates: { enabled: true, paths: [files.ca.cert] }, ...settings }));
  return { response, page: parseOpensslStatusPage(await responseText(response.body)) };
}

describe('disabled protocols, every combination', () => {
  for (const disabled of SUBSETS) {
    const label = disabled.length === 0 ? 'none disabled' : `disabled ${disabled.join(',')}`;
    if (disabled.length === 4) {
      it(`${label}: refused before connecting`, async () => {
        expect((await failure(statusPage(all, { tls: { disabledProtocols: disabled } }))).code).toBe('NO_TLS_PROTOCOL');
      });
      continue;
    }
    it(`${label}: each single-version server negotiates exactly when its version is enabled`, async () => {
      for (const version of VERSIONS) {
        const server = single.get(version) as RunningOpensslServer;
        const enabled = !disabled.includes(POSTMAN_NAME[version]);
        if (enabled) {
          const { response, page } = await statusPage(server, { tls: { disabledProtocols: disabled } });
          expect(page.protocol, `${version} server, ${label}`).toBe(version);
          expect(response.tls?.protocol).toBe(version);
        } else {
          const f = await failure(statusPage(server, { tls: { disabledProtocols: disabled } }));
          expect(['TLS_HANDSHAKE', 'CONNECTION_RESET'], `${version} server must refuse, ${label}: ${f.line}`).toContain(f.code);
        }
      }
    });
    it(`${label}: a server that speaks every version gets the highest enabled one`, async () => {
      const highest = [...VERSIONS].reverse().find((v) => !disabled.includes(POSTMAN_NAME[v]));
      const { page } = await statusPage(all, { tls: { disabledProtocols: disabled } });
      expect(page.protocol).toBe(highest);
    });
  }
});

describe('cipher selection', () => {
  it('offers the suites in the order chosen, and the server that honours client order takes the first', async () => {
    const first = await statusPage(clientOrder, { tls: { cipherSelection: ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'] } });
    expect(first.page.cipher).toBe('ECDHE-RSA-AES256-GCM-SHA384');
    expect(first.page.sharedCiphers).toEqual(['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256']);
    const reversed = await statusPage(clientOrder, { tls: { cipherSelection: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'] } });
    expect(reversed.page.cipher).toBe('ECDHE-RSA-AES128-GCM-SHA256');
    expect(reversed.response.tls?.cipher?.name).toBe('ECDHE-RSA-AES128-GCM-SHA256');
  });

  it('lets a server that prefers its own order decide', async () => {
    const { page } = await statusPage(serverOrder, { tls: { cipherSelection: ['ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'], preferServerCiphers: true } });
    expect(page.cipher).toBe('ECDHE-RSA-AES128-GCM-SHA256');
  });

  it('orders TLS 1.3 suites too', async () => {
    const chacha = await statusPage(tls13Order, { tls: { cipherSelection: ['TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'] } });
    expect(chacha.page.cipher).toBe('TLS_CHACHA20_POLY1305_SHA256');
    const aes = await statusPage(tls13Order, { tls: { cipherSelection: ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'] } });
    expect(aes.page.cipher).toBe('TLS_AES_256_GCM_SHA384');
  });

  it('fails the handshake when the server shares none of the chosen suites', async () => {
    const f = await failure(statusPage(clientOrder, { tls: { cipherSelection: ['ECDHE-ECDSA-AES128-GCM-SHA256'] } }));
    expect(f.code).toBe('TLS_HANDSHAKE');
    expect(f.line).toMatch(/server refused/);
  });
});

describe('client certificates against s_server', () => {
  it('presents the matching certificate; the server sees exactly it', async () => {
    const { page, response } = await statusPage(mutual, { clientCertificates: [{ host: '127.0.0.1', port: mutual.port, cert: files.client.cert, key: files.client.key }] });
    expect(page.clientCert?.subjectCN).toBe('matrix-client');
    expect(page.clientCert?.fingerprint256).toBe(response.tls?.clientCertificate?.fingerprint256);
  });

  it('offers nothing for another port, so the server refuses', async () => {
    const f = await failure(statusPage(mutual, { clientCertificates: [{ host: '127.0.0.1', port: mutual.port + 1, cert: files.client.cert, key: files.client.key }] }));
    expect(['TLS_HANDSHAKE', 'CONNECTION_RESET']).toContain(f.code);
  });
});
