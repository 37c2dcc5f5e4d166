/**
 * newman's TLS flags on `postern run` against real HTTPS servers with a private CA: -k,
 * --ssl-extra-ca-certs, --ssl-client-cert/--ssl-client-key/--ssl-client-passphrase and
 * --ssl-client-cert-list against a server that demands a client certificate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueClientCert, issueServerCert } from '../support/pki.js';
import { writePkiFiles, type PkiFilePaths } from '../support/pki-files.js';
import { startHttpsServer, type EchoReply, type RunningServer } from '../support/servers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { item, readJson, runPostern, writeCollection } from './run-harness.js';

let tmp: TempDir;
let files: Record<'ca' | 'client' | 'server', PkiFilePaths> & { encryptedKey: string };
let secured: RunningServer;
let mtls: RunningServer;

beforeAll(async () => {
  tmp = makeTempDir('postern-cli-run-tls-');
  const ca = createCa('Run Test CA');
  const server = issueServerCert(ca, { hosts: ['127.0.0.1', 'localhost'] });
  const client = issueClientCert(ca, { commonName: 'run-client' });
  const written = writePkiFiles(tmp.path, { ca, server, client }, { keyPassphrase: 'key-pass' });
  files = { ...written, encryptedKey: written.client.encryptedKey ?? '' };
  const base = { cert: server.certPem, key: server.keyPem };
  [secured, mtls] = await Promise.all([startHttpsServer(base), startHttpsServer({ ...base, ca: ca.certPem, requestCert: true, rejectUnauthorized: true })]);
}, 60_000);

afterAll(async () => {
  await Promise.all([secured?.close(), mtls?.close()]);
  tmp.cleanup();
});

/** Runs one GET and returns the exit code and the server's echo (from the JSON report). */
async function fetchEcho(url: string, ...flags: string[]): Promise<{ code: number; echo: EchoReply | null; failure: string | undefined }> {
  const collection = writeCollection(tmp, 'tls.json', 'TLS', [item('get', url)]);
  const report = tmp.file(`report-${Math.random().toString(36).slice(2)}.json`);
  const run = await runPostern(collection, '--silent', '-r', 'json', '--reporter-json-export', report, ...flags);
  const json = readJson(report) as { run: { executions: Array<{ response?: { stream?: { data: number[] } } }>; failures: Array<{ error: { message: string } }> } };
  const data = json.run.executions[0]?.response?.stream?.data;
  return { code: run.code, echo: data ? (JSON.parse(Buffer.from(data).toString('utf8')) as EchoReply) : null, failure: json.run.failures[0]?.error.message };
}

describe('server verification', () => {
  it('fails against a server its roots do not trust; -k or --ssl-extra-ca-certs lets it through', async () => {
    const untrusted = await fetchEcho(`${secured.url}/x`);
    expect(untrusted.code).toBe(1);
    expect(untrusted.failure).toMatch(/certificate/i);
    expect((await fetchEcho(`${secured.url}/x`, '-k')).code).toBe(0);
    const trusted = await fetchEcho(`${secured.url}/x`, '--ssl-extra-ca-certs', files.ca.cert);
    expect(trusted.code).toBe(0);
    expect(trusted.echo?.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
  });
});

describe('client certificates', () => {
  it('presents --ssl-client-cert with its (encrypted) key to a server that demands one', async () => {
    const withCert = await fetchEcho(`${mtls.url}/m`, '--ssl-extra-ca-certs', files.ca.cert, '--ssl-client-cert', files.client.cert, '--ssl-client-key', files.encryptedKey, '--ssl-client-passphrase', 'key-pass');
    expect(withCert.code).toBe(0);
    expect(withCert.echo?.clientCert?.subjectCN).toBe('run-client');
    const without = await fetchEcho(`${mtls.url}/m`, '--ssl-extra-ca-certs', files.ca.cert);
    expect(without.code).toBe(1);
  });

  it('takes certificates from --ssl-client-cert-list, for the hosts and ports they match only', async () => {
    const list = tmp.write(
      'certs.json',
      JSON.stringify([{ name: 'local', matches: [`https://127.0.0.1:${mtls.port}/*`], cert: { src: files.client.cert }, key: { src: files.client.key } }]),
    );
    const matched = await fetchEcho(`${mtls.url}/m`, '--ssl-extra-ca-certs', files.ca.cert, '--ssl-client-cert-list', list);
    expect(matched.echo?.clientCert?.subjectCN).toBe('run-client');
    const otherPort = tmp.write('certs-other.json', JSON.stringify([{ matches: ['https://127.0.0.1:1/*'], cert: { src: files.client.cert }, key: { src: files.client.key } }]));
    expect((await fetchEcho(`${mtls.url}/m`, '--ssl-extra-ca-certs', files.ca.cert, '--ssl-client-cert-list', otherPort)).code).toBe(1);
  });

  it('refuses a certificate list that does not say which host, naming the entry', async () => {
    const list = tmp.write('certs-any.json', JSON.stringify([{ matches: ['https://*/*'], cert: { src: files.client.cert }, key: { src: files.client.key } }]));
    const collection = writeCollection(tmp, 'tls.json', 'TLS', [item('get', `${mtls.url}/m`)]);
    const run = await runPostern(collection, '--ssl-client-cert-list', list);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`postern: error: ${list}: [0].matches: URL pattern "https://*/*" must name a host (or *.domain), e.g. "https://api.example.com/*"\n`);
  });
});
