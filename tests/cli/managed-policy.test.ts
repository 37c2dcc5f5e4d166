/**
 * Managed policy reaches the commands: a TLS floor no request can go under, and script controls.
 * The policy directory is moved with POSTERN_POLICY_DIR, as admins and tests do.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpensslServer, type RunningOpensslServer } from '../support/openssl-server.js';
import { parseOpensslStatusPage } from '../support/openssl-status.js';
import { createCa, issueServerCert } from '../support/pki.js';
import { writePkiFiles } from '../support/pki-files.js';
import { startHttpServer, type RunningServer } from '../support/servers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { runCli } from './cli-harness.js';

let tmp: TempDir;
let caFile: string;
let tls12: RunningOpensslServer;
let http: RunningServer;
const saved = process.env['POSTERN_POLICY_DIR'];

beforeAll(async () => {
  tmp = makeTempDir();
  const ca = createCa('Policy CA');
  const server = issueServerCert(ca, { hosts: ['127.0.0.1'] });
  caFile = writePkiFiles(tmp.path, { ca }).ca.cert;
  tls12 = await startOpensslServer({ cert: { certPem: server.certPem, keyPem: server.keyPem }, protocols: ['TLSv1.2'] });
  http = await startHttpServer();
}, 30_000);

afterAll(async () => {
  await tls12.stop();
  await http.close();
  tmp.cleanup();
});

afterEach(() => {
  if (saved === undefined) delete process.env['POSTERN_POLICY_DIR'];
  else process.env['POSTERN_POLICY_DIR'] = saved;
});

function usePolicy(name: string, policy: Record<string, unknown>): void {
  const dir = tmp.file(name);
  tmp.write(`${name}/10-test.json`, JSON.stringify(policy));
  process.env['POSTERN_POLICY_DIR'] = dir;
}

describe('managed policy in postern send', () => {
  it('connects over TLS 1.2 without a floor', async () => {
    usePolicy('none', {});
    const run = await runCli('send', `${tls12.url}/`, '--cacert', caFile);
    expect(run.code).toBe(0);
    expect(parseOpensslStatusPage(run.stdout).protocol).toBe('TLSv1.2');
  });

  it('refuses to go under a minimum TLS version, even when the request enables older ones', async () => {
    usePolicy('floor', { MinimumTlsVersion: 'TLSv1_3' });
    const run = await runCli('send', `${tls12.url}/`, '--cacert', caFile, '--tls-disable', 'TLSv1_3');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/postern: error: /);
  });

  it('removes disallowed ciphers from what is offered', async () => {
    usePolicy('ciphers', { DisallowedCiphers: ['ECDHE-RSA-AES256-GCM-SHA384'] });
    const run = await runCli('send', `${tls12.url}/`, '--cacert', caFile, '--ciphers', 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256');
    expect(run.code).toBe(0);
    const page = parseOpensslStatusPage(run.stdout);
    expect(page.sharedCiphers).not.toContain('ECDHE-RSA-AES256-GCM-SHA384');
    expect(page.cipher).toBe('ECDHE-RSA-AES128-GCM-SHA256');
  });

  it('forces SSL verification over -k', async () => {
    usePolicy('verify', { ForceSslVerification: true });
    const run = await runCli('send', `${tls12.url}/`, '-k');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/TLS certificate check failed/);
  });
});

describe('managed policy in postern run', () => {
  it('refuses a collection with scripts when scripts are disabled', async () => {
    usePolicy('noscripts', { DisableScripts: true });
    const file = tmp.file('with-script.json');
    writeFileSync(
      file,
      JSON.stringify({
        info: { name: 'Scripted', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        item: [{ name: 'one', request: { method: 'GET', url: `${http.url}/` }, event: [{ listen: 'test', script: { exec: ["pm.test('x', function () {});"] } }] }],
      }),
    );
    const run = await runCli('run', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('scripts are disabled by your organisation (policy DisableScripts)');
  });
});
