/**
 * Bad input to `postern send`: each gives exit code 2 and exactly one `postern: error:` line that
 * names the thing at fault (file, flag, cipher, JSON path), never a stack trace; with --json the same
 * error is also one JSON object on stdout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueClientCert, issueServerCert } from '../support/pki.js';
import { writePkiFiles, type PkiFilePaths } from '../support/pki-files.js';
import { startHttpsServer, type RunningServer } from '../support/servers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { expectOneErrorLine, parseOneJsonLine, runCli } from './cli-harness.js';

let tmp: TempDir;
let files: Record<'ca' | 'client' | 'other', PkiFilePaths>;
let secured: RunningServer;
let junk: string;
let requestsSeen = 0;

beforeAll(async () => {
  tmp = makeTempDir('postern-cli-errors-');
  const ca = createCa('Errors CA');
  const server = issueServerCert(ca, { hosts: ['127.0.0.1'] });
  const client = issueClientCert(ca, { commonName: 'errors-client' });
  const other = issueClientCert(ca, { commonName: 'other-client' });
  files = writePkiFiles(tmp.path, { ca, client, other }, { pfxPassphrase: 'right-pass' });
  junk = tmp.write('junk.pem', 'this is not a certificate\n');
  secured = await startHttpsServer({ cert: server.certPem, key: server.keyPem }, (_req, res) => {
    requestsSeen += 1;
    res.end('reached');
  });
});

afterAll(async () => {
  await secured.close();
  tmp.cleanup();
});

/** Runs a command that must be refused as bad input; returns its one error line (file paths shortened). */
async function refused(...argv: string[]): Promise<string> {
  const before = requestsSeen;
  const run = await runCli('send', ...argv);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const line = expectOneErrorLine(run);
  // Bad input is caught before anything reaches the server.
  expect(requestsSeen).toBe(before);
  return line.replaceAll(tmp.path, 'TMP');
}

const url = (): string => `${secured.url}/`;
const trust = (): string[] => ['--cacert', files.ca.cert];

describe('URLs and arguments', () => {
  it('names a malformed URL', async () => {
    expect(await refused('http://exa mple/path')).toContain('"http://exa mple/path"');
    expect(await refused('http://127.0.0.1:99999/')).toContain('127.0.0.1:99999');
  });

  it('names an unknown scheme', async () => {
    expect(await refused('ftp://127.0.0.1/file')).toMatch(/scheme "ftp:"/);
  });

  it('names an unknown flag, a missing URL, and a flag value that is not a number', async () => {
    expect(await refused(url(), '--bogus')).toContain("'--bogus'");
    expect(await refused('-H', 'X: y')).toMatch(/missing URL/);
    expect(await refused('POST', '-d', 'x')).toMatch(/missing URL after POST/);
    expect(await refused(url(), '--timeout', 'soon')).toMatch(/--timeout .*"soon"/);
  });

  it('names a header without a colon and a header name with a space', async () => {
    expect(await refused(url(), '-H', 'NoColonHere')).toContain('"NoColonHere"');
    expect(await refused(url(), '-H', 'Bad Name: x')).toMatch(/^postern: error: -H: .*"Bad Name"/);
  });

  it('names a method that is not an HTTP token', async () => {
    expect(await refused('BAD METHOD', url())).toMatch(/method "BAD METHOD"/);
  });

  it('refuses flags that cannot go together', async () => {
    expect(await refused(url(), '--cert', files.client.cert)).toContain('--key');
    expect(await refused(url(), '-d', 'x', '--form', 'a=b')).toContain('--form');
    expect(await refused(url(), '--pfx', files.client.pfx ?? '', '--cert', files.client.cert, '--key', files.client.key)).toContain('--pfx');
  });

  it('names an invalid proxy URL', async () => {
    expect(await refused(url(), ...trust(), '--proxy', 'socks5://127.0.0.1:1080')).toMatch(/^postern: error: --proxy: .*socks5/);
  });
});

describe('files', () => {
  it('names a body or form file that cannot be read', async () => {
    const missing = tmp.file('no-such-body.json');
    expect(await refused(url(), ...trust(), '-d', `@${missing}`)).toContain('TMP/no-such-body.json');
    expect(await refused(url(), ...trust(), '--data-file', missing)).toContain('TMP/no-such-body.json');
    expect(await refused(url(), ...trust(), '--form', `upload=@${missing}`)).toMatch(/TMP\/no-such-body\.json.*"upload"|"upload".*TMP\/no-such-body\.json/);
  });

  it('names an unreadable or wrong-format CA bundle', async () => {
    expect(await refused(url(), '--cacert', tmp.file('absent-ca.pem'))).toContain('TMP/absent-ca.pem');
    expect(await refused(url(), '--cacert', junk)).toMatch(/TMP\/junk\.pem.*certificate/i);
  });

  it('names an unreadable or wrong-format client certificate or key', async () => {
    expect(await refused(url(), ...trust(), '--cert', tmp.file('absent.crt'), '--key', files.client.key)).toContain('TMP/absent.crt');
    expect(await refused(url(), ...trust(), '--cert', junk, '--key', files.client.key)).toMatch(/TMP\/junk\.pem.*certificate/);
    expect(await refused(url(), ...trust(), '--cert', files.client.cert, '--key', junk)).toMatch(/TMP\/junk\.pem.*key/);
  });

  it('names a key that does not belong to the certificate', async () => {
    const line = await refused(url(), ...trust(), '--cert', files.client.cert, '--key', files.other.key);
    expect(line).toContain('TMP/client.crt.pem');
    expect(line).toContain('TMP/other.key.pem');
  });

  it('names the PFX file when its passphrase is wrong or missing, or it is not a PFX', async () => {
    const pfx = files.client.pfx ?? '';
    expect(await refused(url(), ...trust(), '--pfx', pfx, '--passphrase', 'wrong-pass')).toMatch(/TMP\/client\.pfx: .*passphrase/);
    expect(await refused(url(), ...trust(), '--pfx', pfx)).toMatch(/TMP\/client\.pfx: .*passphrase/);
    expect(await refused(url(), ...trust(), '--pfx', junk, '--passphrase', 'x')).toMatch(/TMP\/junk\.pem: .*PKCS#12/);
  });
});

describe('TLS settings', () => {
  it('names an unknown cipher and the flag', async () => {
    expect(await refused(url(), ...trust(), '--ciphers', 'NOT-A-CIPHER')).toMatch(/^postern: error: --ciphers: .*"NOT-A-CIPHER"/);
    expect(await refused(url(), ...trust(), '--ciphers', 'ECDHE-RSA-AES128-GCM-SHA256:BOGUS-ONE')).toMatch(/--ciphers: .*"BOGUS-ONE"/);
  });

  it('refuses --tls-disable that leaves no protocol, and an unknown protocol name', async () => {
    expect(await refused(url(), ...trust(), '--tls-disable', 'TLSv1,TLSv1_1,TLSv1_2,TLSv1_3')).toMatch(/^postern: error: --tls-disable: .*every TLS protocol/);
    expect(await refused(url(), ...trust(), '--tls-disable', 'TLSv9')).toMatch(/--tls-disable.*"TLSv9"/);
  });
});

describe('environment files', () => {
  it('names the file, line and JSON path of an invalid value', async () => {
    const env = tmp.write('typo.postman_environment.json', '{\n  "name": "Typo",\n  "values": [\n    { "key": "ok", "value": "1" },\n    { "key": 5, "value": "2" }\n  ]\n}\n');
    expect(await refused(url(), '-e', env)).toMatch(/^postern: error: TMP\/typo\.postman_environment\.json:5: values\[1\]\.key: /);
  });

  it('names the file and line of a JSON syntax error', async () => {
    const env = tmp.write('syntax.json', '{\n  "values": [\n    { "key": "a", }\n  ]\n}\n');
    expect(await refused(url(), '-e', env)).toMatch(/^postern: error: TMP\/syntax\.json:3: .*line 3/);
  });

  it('says when the file is a collection, and when it is missing', async () => {
    const collection = tmp.write('api.postman_collection.json', JSON.stringify({ info: { name: 'API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] }));
    expect(await refused(url(), '-e', collection)).toMatch(/TMP\/api\.postman_collection\.json.*collection, not an environment/);
    expect(await refused(url(), '-e', tmp.file('gone.json'))).toMatch(/TMP\/gone\.json.*not found/);
  });
});

describe('--json errors', () => {
  it('prints {error:{code,message}} on stdout as well as the stderr line', async () => {
    const run = await runCli('send', url(), ...trust(), '--ciphers', 'NOPE', '--json');
    expect(run.code).toBe(2);
    const line = expectOneErrorLine(run);
    expect(parseOneJsonLine(run.stdout)).toEqual({ error: { code: 'UNKNOWN_CIPHER', message: line.replace(/^postern: error: /, '') } });
  });

  it('does so for an argument error too', async () => {
    const run = await runCli('send', 'ftp://127.0.0.1/', '--json');
    expect(run.code).toBe(2);
    expectOneErrorLine(run);
    const out = parseOneJsonLine(run.stdout) as { error: { code: string; message: string } };
    expect(out.error.code).toBe('UNSUPPORTED_SCHEME');
    expect(out.error.message).toContain('ftp:');
  });
});
