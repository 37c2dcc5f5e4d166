import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/policy/index.js';
import {
  createCa,
  issueClientCert,
  issueServerCert,
  makeTempDir,
  startHttpsServer,
  writePkiFiles,
  type EchoReply,
  type PkiFilePaths,
  type RunningServer,
  type TempDir,
} from '../support/index.js';
import { failure, openServices, type OpenedServices } from './desktop-helpers.js';

const PFX_PASSPHRASE = 'pfx-pass-4411';

describe('client certificates and TLS details', () => {
  let pki: TempDir;
  let files: Record<'server' | 'client', PkiFilePaths>;
  let mtls: RunningServer;
  let opened: OpenedServices;
  let workspaceId = '';

  beforeAll(async () => {
    const ca = createCa();
    const server = issueServerCert(ca, { hosts: ['127.0.0.1'] });
    const client = issueClientCert(ca, { commonName: 'Desktop Test Client' });
    pki = makeTempDir('postern-services-pki-');
    files = writePkiFiles(pki.path, { server, client }, { pfxPassphrase: PFX_PASSPHRASE });
    mtls = await startHttpsServer({ cert: server.certPem, key: server.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true });
    opened = await openServices();
    workspaceId = (await opened.api.workspaces.create({ name: 'TLS' })).id;
    const current = await opened.api.settings.get();
    await opened.api.settings.save({ patch: { caCertificates: { enabled: true, paths: [files.server.root] }, tls: current.settings.tls } });
  });
  afterAll(async () => {
    await opened.close();
    await mtls.close();
    pki.cleanup();
  });

  it('presents a PEM client certificate added for 127.0.0.1:port, and the TLS details say so', async () => {
    const { api } = opened;
    const added = await api.certificates.add({ host: '127.0.0.1', port: mtls.port, cert: files.client.cert, key: files.client.key });
    expect(added).toMatchObject({ host: '127.0.0.1', port: mtls.port, kind: 'pem', source: 'user-setting', locked: false, passphrase: { secret: true, set: false } });
    expect(added.subject).toContain('CN=Desktop Test Client');
    const response = await api.requests.send({ sendId: 'mtls-pem', workspaceId, request: { url: `${mtls.url}/who` } });
    expect(response.status).toBe(200);
    const echo = JSON.parse(response.body.data) as EchoReply;
    expect(echo.clientCert?.subjectCN).toBe('Desktop Test Client');
    expect(response.tls).toMatchObject({ authorized: true, clientCertificate: { presented: true, host: `127.0.0.1:${mtls.port}` } });
    expect(response.tls?.clientCertificate.presented && response.tls.clientCertificate.subject).toContain('Desktop Test Client');
    expect(response.tls?.peerChain[0]?.subjectAltNames.join(',')).toContain('127.0.0.1');
    expect(await api.certificates.remove({ certificateId: added.id })).toEqual({ removed: true });
    expect((await api.certificates.list()).certificates).toEqual([]);
  });

  it('keeps a PFX passphrase sealed and never returns it, and still presents the certificate', async () => {
    const { api } = opened;
    const wrong = await failure(api.certificates.add({ host: '127.0.0.1', port: mtls.port, pfx: files.client.pfx, passphrase: 'not it' }));
    expect(wrong.code).toBe('PFX_PASSPHRASE');
    const added = await api.certificates.add({ host: '127.0.0.1', port: mtls.port, pfx: files.client.pfx, passphrase: PFX_PASSPHRASE });
    expect(added).toMatchObject({ kind: 'pfx', pfxPath: files.client.pfx, passphrase: { secret: true, set: true } });
    const response = await api.requests.send({ sendId: 'mtls-pfx', workspaceId, request: { url: mtls.url } });
    expect((JSON.parse(response.body.data) as EchoReply).clientCert?.subjectCN).toBe('Desktop Test Client');
    expect(response.tls?.clientCertificate.presented).toBe(true);
    for (const call of opened.calls) expect(JSON.stringify(call.result), call.name).not.toContain(PFX_PASSPHRASE);
    await api.certificates.remove({ certificateId: added.id });
  });

  it('says why no certificate was presented when none matches, and the server refuses', async () => {
    const error = await failure(opened.api.requests.send({ sendId: 'mtls-none', workspaceId, request: { url: mtls.url } }));
    expect(error.code).toMatch(/TLS_HANDSHAKE|CONNECTION_RESET|NETWORK/);
    expect(error.message.length).toBeGreaterThan(10);
  });
});

describe('managed policy', () => {
  let opened: OpenedServices;
  let selfSigned: RunningServer;
  const origin = '/etc/postern/policy.d/10-corp.json';

  beforeAll(async () => {
    const ca = createCa('Untrusted Root');
    const server = issueServerCert(ca, { hosts: ['127.0.0.1'] });
    selfSigned = await startHttpsServer({ cert: server.certPem, key: server.keyPem });
    const policy: PolicyDocument[] = [
      {
        level: 'machine',
        origin,
        format: 'json',
        values: {
          ForceSslVerification: true,
          MinimumTlsVersion: 'TLSv1_2',
          DisallowedCiphers: ['AES128-SHA'],
          ClientCertificates: [{ host: 'corp.example', cert: '/etc/postern/corp.pem', key: '/etc/postern/corp.key' }],
        },
      },
    ];
    opened = await openServices({ policy });
  });
  afterAll(async () => {
    await opened.close();
    await selfSigned.close();
  });

  it('shows locked settings with their source and refuses a save that changes one', async () => {
    const { api } = opened;
    const { settings, fields } = await api.settings.get();
    expect(fields.find((f) => f.key === 'tls.strictSSL')).toEqual({ key: 'tls.strictSSL', value: true, locked: true, source: 'machine-policy', origin });
    expect(fields.find((f) => f.key === 'tls.disabledProtocols')).toMatchObject({ value: ['TLSv1', 'TLSv1_1'], locked: true });
    expect(fields.find((f) => f.key === 'timeouts.connectMs')).toEqual({ key: 'timeouts.connectMs', value: 30000, locked: false, source: 'default' });

    const refused = await failure(api.settings.save({ patch: { tls: { ...settings.tls, strictSSL: false } } }));
    expect(refused.code).toBe('POLICY_LOCKED');
    expect(refused.where?.path).toBe('input.patch.tls.strictSSL');
    expect(refused.message).toContain('ForceSslVerification');
    const barred = await failure(api.settings.save({ patch: { tls: { ...settings.tls, cipherSelection: ['AES128-SHA'] } } }));
    expect(barred.code).toBe('POLICY_LOCKED');

    // The same group unchanged, and other groups, save fine.
    const saved = await api.settings.save({ patch: { tls: settings.tls, timeouts: { connectMs: 5000, requestMs: 0 } } });
    expect(saved.fields.find((f) => f.key === 'timeouts.connectMs')).toMatchObject({ value: 5000, source: 'user-setting', locked: false });
    expect(saved.settings.tls.strictSSL).toBe(true);
  });

  it('applies the policy to sends: verification stays on for an untrusted server', async () => {
    const workspaceId = (await opened.api.workspaces.create({ name: 'Policy' })).id;
    const error = await failure(
      opened.api.requests.send({ sendId: 'p-1', workspaceId, request: { url: selfSigned.url }, collectionId: (await opened.api.collections.create({ workspaceId, name: 'Loose' })).id }),
    );
    expect(error.code).toBe('TLS_CERT_VERIFY');
  });

  it('lists policy certificates as locked and refuses to remove them; reports the effective policy', async () => {
    const { api } = opened;
    const { certificates } = await api.certificates.list();
    expect(certificates).toHaveLength(1);
    expect(certificates[0]).toMatchObject({ host: 'corp.example', port: 443, source: 'machine-policy', locked: true });
    expect((await failure(api.certificates.remove({ certificateId: certificates[0]?.id ?? '' }))).code).toBe('POLICY_LOCKED');
    const effective = await api.policy.effective();
    expect(effective.entries.find((e) => e.key === 'MinimumTlsVersion')).toMatchObject({ value: 'TLSv1_2', locked: true, source: 'machine-policy', origin });
    expect(effective.entries.find((e) => e.key === 'DisableScripts')).toMatchObject({ value: false, locked: false, source: 'default' });
    expect(effective.problems).toEqual([]);
  });
});
