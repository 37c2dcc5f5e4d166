import net from 'node:net';
import type tls from 'node:tls';
import { Agent, request } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpensslServer, type OpensslServerOptions, type RunningOpensslServer } from './openssl-server.js';
import { fetchOpensslStatus, parseOpensslStatusPage } from './openssl-status.js';
import { createCa, issueClientCert, issueIntermediateCa, issueServerCert, type CertBundle } from './pki.js';

const LEGACY_CLIENT: tls.ConnectionOptions = { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' };

describe('openssl s_server peer', () => {
  let ca: CertBundle;
  let serverCert: CertBundle;
  let trust: tls.ConnectionOptions;
  const started: RunningOpensslServer[] = [];

  async function start(options: Omit<OpensslServerOptions, 'cert'> & { cert?: CertBundle }): Promise<RunningOpensslServer> {
    const server = await startOpensslServer({ cert: serverCert, ...options });
    started.push(server);
    return server;
  }

  beforeAll(() => {
    ca = createCa('s_server Root');
    serverCert = issueServerCert(ca, { hosts: ['localhost', '127.0.0.1'] });
    trust = { ca: ca.certPem, servername: 'localhost' };
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });

  it('starts on a loopback port, serves the status page, and stops', async () => {
    const server = await start({});
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    expect(server.output()).toMatch(/^ACCEPT/m);
    const { page, clientProtocol } = await fetchOpensslStatus(server.port, trust);
    expect(page.protocol).toBe('TLSv1.3');
    expect(clientProtocol).toBe('TLSv1.3');
    expect(page.clientCert).toBeNull();
    expect(page.reused).toBe(false);

    await server.stop();
    await server.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: server.port });
      socket.once('connect', () => resolve('connected'));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('answers undici (the engine\'s client) with a page the parser reads', async () => {
    const server = await start({ protocols: ['TLSv1.2'], cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
    const dispatcher = new Agent({ connect: { ca: ca.certPem, servername: 'localhost' } });
    try {
      const response = await request(`${server.url}/`, { dispatcher });
      expect(response.statusCode).toBe(200);
      const page = parseOpensslStatusPage(await response.body.text());
      expect(page).toMatchObject({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256', clientCert: null });
    } finally {
      await dispatcher.close();
    }
  });

  it('limits protocols: with only TLS 1.2 allowed a default Node client gets TLSv1.2', async () => {
    const server = await start({ protocols: ['TLSv1.2'] });
    const { page, clientProtocol } = await fetchOpensslStatus(server.port, trust);
    expect(clientProtocol).toBe('TLSv1.2');
    expect(page.protocol).toBe('TLSv1.2');

    await expect(fetchOpensslStatus(server.port, { ...trust, minVersion: 'TLSv1.3' })).rejects.toMatchObject({
      code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    });
  });

  it.each([
    ['TLSv1', 'TLSv1'],
    ['TLSv1.1', 'TLSv1.1'],
  ] as const)('negotiates legacy %s when asked (SECLEVEL=0 on both sides)', async (version, expected) => {
    const server = await start({ protocols: [version] });
    expect(server.args).toContain('DEFAULT:@SECLEVEL=0');
    const { page, clientProtocol } = await fetchOpensslStatus(server.port, { ...trust, ...LEGACY_CLIENT });
    expect(clientProtocol).toBe(expected);
    expect(page.protocol).toBe(expected);
    // Node's defaults (TLS 1.2 minimum) refuse it.
    await expect(fetchOpensslStatus(server.port, trust)).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  it('enables protocol sets with gaps', async () => {
    const server = await start({ protocols: ['TLSv1', 'TLSv1.3'] });
    expect(server.args).toEqual(expect.arrayContaining(['-no_tls1_1', '-no_tls1_2']));
    const legacy = await fetchOpensslStatus(server.port, { ...trust, ...LEGACY_CLIENT, maxVersion: 'TLSv1.2' });
    expect(legacy.page.protocol).toBe('TLSv1');
    const modern = await fetchOpensslStatus(server.port, trust);
    expect(modern.page.protocol).toBe('TLSv1.3');
  });

  it('restricts TLS 1.2 ciphers and TLS 1.3 cipher suites', async () => {
    const tls12 = await start({ protocols: ['TLSv1.2'], cipher: 'ECDHE-RSA-CHACHA20-POLY1305' });
    const a = await fetchOpensslStatus(tls12.port, trust);
    expect(a.page.cipher).toBe('ECDHE-RSA-CHACHA20-POLY1305');
    expect(a.clientCipher).toBe('ECDHE-RSA-CHACHA20-POLY1305');

    const tls13 = await start({ protocols: ['TLSv1.3'], ciphersuites: 'TLS_AES_128_GCM_SHA256' });
    const b = await fetchOpensslStatus(tls13.port, trust);
    expect(b.page.cipher).toBe('TLS_AES_128_GCM_SHA256');
  });

  it('reports the ciphers the client offered that the server shares', async () => {
    const server = await start({ protocols: ['TLSv1.2'] });
    const { page } = await fetchOpensslStatus(server.port, {
      ...trust,
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384',
    });
    expect(page.sharedCiphers).toEqual(['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-SHA384']);
    expect(page.cipher).toBe('ECDHE-RSA-AES128-GCM-SHA256');
  });

  it('lets the server order win with serverPreference', async () => {
    const serverOrder = 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256';
    const client: tls.ConnectionOptions = { ...trust, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384' };
    const clientWins = await start({ protocols: ['TLSv1.2'], cipher: serverOrder });
    expect((await fetchOpensslStatus(clientWins.port, client)).page.cipher).toBe('ECDHE-RSA-AES128-GCM-SHA256');
    const serverWins = await start({ protocols: ['TLSv1.2'], cipher: serverOrder, serverPreference: true });
    expect((await fetchOpensslStatus(serverWins.port, client)).page.cipher).toBe('ECDHE-RSA-AES256-GCM-SHA384');
  });

  it('demands a client certificate and shows which one arrived', async () => {
    const alice = issueClientCert(ca, { commonName: 'alice' });
    const server = await start({ clientAuth: { caPem: ca.certPem } });
    const { page } = await fetchOpensslStatus(server.port, { ...trust, cert: alice.certPem, key: alice.keyPem });
    expect(page.clientCert?.subjectCN).toBe('alice');
    expect(page.clientCert?.fingerprint256).toBe(alice.fingerprint256);
    expect(page.clientCert?.issuer).toContain('CN=s_server Root');

    await expect(fetchOpensslStatus(server.port, trust)).rejects.toMatchObject({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
    const stranger = issueClientCert(createCa('Stranger'), { commonName: 'mallory' });
    await expect(fetchOpensslStatus(server.port, { ...trust, cert: stranger.certPem, key: stranger.keyPem })).rejects.toMatchObject({
      code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
    });
  });

  it('makes the client certificate optional when required is false', async () => {
    const server = await start({ clientAuth: { caPem: ca.certPem, required: false } });
    const { page } = await fetchOpensslStatus(server.port, trust);
    expect(page.clientCert).toBeNull();
  });

  it('sends the intermediate chain of its certificate', async () => {
    const intermediate = issueIntermediateCa(ca, 's_server Intermediate');
    const leaf = issueServerCert(intermediate, { hosts: ['localhost'] });
    const server = await start({ cert: leaf });
    expect(server.args).toContain('-cert_chain');
    const { page } = await fetchOpensslStatus(server.port, trust);
    expect(page.protocol).toBe('TLSv1.3');
  });

  it('fails to start with the reason when openssl rejects its arguments', async () => {
    await expect(start({ cipher: 'NO-SUCH-CIPHER' })).rejects.toThrow(/did not start[\s\S]*cipher/i);
  });

});

describe('parseOpensslStatusPage', () => {
  it('rejects pages that are not s_server status pages', () => {
    expect(() => parseOpensslStatusPage('HTTP/1.1 200 OK\r\n\r\nhello')).toThrow(/not an openssl/);
  });

  it('reads protocol, cipher, reuse and the absence of a client certificate', () => {
    const page = [
      'HTTP/1.0 200 ok',
      '',
      'Ciphers common between both SSL end points:',
      'ECDHE-RSA-AES128-GCM-SHA256 AES128-SHA',
      'Signature Algorithms: RSA+SHA256',
      '---',
      'Reused, TLSv1.2, Cipher is ECDHE-RSA-AES128-GCM-SHA256',
      'SSL-Session:',
      '    Protocol  : TLSv1.2',
      '    Cipher    : ECDHE-RSA-AES128-GCM-SHA256',
      '    Verify return code: 0 (ok)',
      'no client certificate available',
    ].join('\r\n');
    const parsed = parseOpensslStatusPage(page);
    expect(parsed).toMatchObject({
      protocol: 'TLSv1.2',
      cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
      reused: true,
      sharedCiphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA'],
      verifyReturnCode: '0 (ok)',
      clientCert: null,
    });
  });
});
