/**
 * `postern send` end to end in-process: argv in, a real request to a loopback server, and what the
 * server received and what the CLI printed checked against each other.
 */
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoHandler, readBody, startHttpServer, type EchoReply, type RunningServer } from '../support/servers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { expectOneErrorLine, header, linesOf, parseOneJsonLine, runCli, STACK_FRAME, type JsonOutput } from './cli-harness.js';

const COMPACT_JSON = '{"name":"Ada","tags":["x","y"],"nested":{"n":1}}';
const BINARY = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x7f, 0x80]);

/** Echo, plus a few fixed routes the tests need. */
async function routes(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const status = /^\/status\/(\d{3})$/.exec(url.pathname)?.[1];
  if (status !== undefined) {
    await readBody(req);
    res.writeHead(Number(status), { 'content-type': 'application/json', 'x-route': 'status' });
    res.end(`{"status":${status}}`);
    return;
  }
  if (url.pathname === '/json') {
    res.writeHead(200, { 'content-type': 'application/json', 'x-one': '1', 'x-two': '2' });
    res.end(COMPACT_JSON);
    return;
  }
  if (url.pathname === '/binary') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(BINARY);
    return;
  }
  if (url.pathname === '/slow') {
    // Headers now, body never: only a timeout ends this request (the server's close() ends the socket).
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
    return;
  }
  await echoHandler(req, res);
}

let tmp: TempDir;
let server: RunningServer;

beforeAll(async () => {
  tmp = makeTempDir('postern-cli-');
  server = await startHttpServer(routes);
});

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

/** Runs with --json and returns the echo the server answered. */
async function echoOf(...argv: string[]): Promise<{ echo: EchoReply; out: JsonOutput }> {
  const run = await runCli('send', ...argv, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const out = parseOneJsonLine(run.stdout) as unknown as JsonOutput;
  return { echo: JSON.parse(out.body ?? 'null') as EchoReply, out };
}

function sentBody(echo: EchoReply): Buffer {
  return Buffer.from(echo.bodyBase64, 'base64');
}

describe('methods, headers and bodies', () => {
  it('sends GET by default, a method given before the URL, and a custom method as typed', async () => {
    expect((await echoOf(`${server.url}/a`)).echo.method).toBe('GET');
    expect((await echoOf('DELETE', `${server.url}/a`)).echo.method).toBe('DELETE');
    expect((await echoOf('-X', 'PATCH', `${server.url}/a`)).echo.method).toBe('PATCH');
    const custom = await echoOf('PURGE', `${server.url}/cache/item?x=1`);
    expect(custom.echo.method).toBe('PURGE');
    expect(custom.echo.url).toBe('/cache/item?x=1');
  });

  it('sends every -H in order, repeats kept', async () => {
    const { echo } = await echoOf(`${server.url}/h`, '-H', 'X-Trace: one', '-H', 'Accept: text/plain', '-H', 'X-Trace: two');
    expect(header(echo.rawHeaders, 'x-trace')).toEqual(['one', 'two']);
    expect(header(echo.rawHeaders, 'accept')).toEqual(['text/plain']);
  });

  it('sends -d JSON as POST with Content-Type application/json', async () => {
    const { echo } = await echoOf(`${server.url}/users`, '-d', '{"name":"Ada"}');
    expect(echo.method).toBe('POST');
    expect(header(echo.rawHeaders, 'content-type')).toEqual(['application/json']);
    expect(sentBody(echo).toString()).toBe('{"name":"Ada"}');
  });

  it('joins several -d with & and keeps a -H Content-Type instead of its own', async () => {
    const { echo } = await echoOf('PUT', `${server.url}/f`, '-d', 'a=1', '-d', 'b=2', '-H', 'Content-Type: application/x-www-form-urlencoded');
    expect(echo.method).toBe('PUT');
    expect(sentBody(echo).toString()).toBe('a=1&b=2');
    expect(header(echo.rawHeaders, 'content-type')).toEqual(['application/x-www-form-urlencoded']);
  });

  it('sends a file byte for byte with -d @file and with --data-file', async () => {
    const bytes = Buffer.concat([Buffer.from('payload\n'), BINARY]);
    const file = tmp.write('payload.bin', bytes);
    const viaAt = await echoOf(`${server.url}/upload`, '-d', `@${file}`);
    expect(viaAt.echo.method).toBe('POST');
    expect(sentBody(viaAt.echo).equals(bytes)).toBe(true);
    const viaFlag = await echoOf('PUT', `${server.url}/upload`, '--data-file', file);
    expect(viaFlag.echo.method).toBe('PUT');
    expect(sentBody(viaFlag.echo).equals(bytes)).toBe(true);
    expect(header(viaFlag.echo.rawHeaders, 'content-length')).toEqual([String(bytes.length)]);
  });

  it('sends --form fields and files as multipart/form-data the server can parse', async () => {
    const fileBytes = Buffer.concat([Buffer.from('{"report":true}'), BINARY]);
    const file = tmp.write('report.dat', fileBytes);
    const { echo } = await echoOf(`${server.url}/form`, '--form', 'title=Quarterly report', '-F', `doc=@${file};type=application/x-report`, '--form', 'note=é ✓');
    expect(echo.method).toBe('POST');
    const contentType = header(echo.rawHeaders, 'content-type')[0] ?? '';
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    // Parse with a real multipart parser (the fetch API's), not by string search.
    const form = await new Response(sentBody(echo), { headers: { 'content-type': contentType } }).formData();
    expect(form.get('title')).toBe('Quarterly report');
    expect(form.get('note')).toBe('é ✓');
    const doc = form.get('doc');
    expect(doc).toBeInstanceOf(Blob);
    const blob = doc as File;
    expect(blob.name).toBe('report.dat');
    expect(blob.type).toBe('application/x-report');
    expect(Buffer.from(await blob.arrayBuffer()).equals(fileBytes)).toBe(true);
  });
});

describe('variables', () => {
  function writeEnvironment(base: string): string {
    return tmp.write(
      'dev.postman_environment.json',
      JSON.stringify({
        id: 'e1',
        name: 'Dev',
        values: [
          { key: 'base', value: base, type: 'default', enabled: true },
          { key: 'user', value: 'from-env', type: 'default', enabled: true },
          { key: 'token', value: 's3cret', type: 'secret', enabled: true },
          { key: 'off', value: 'never', type: 'default', enabled: false },
        ],
        _postman_variable_scope: 'environment',
        _postman_exported_using: 'Postman/11.0.8',
      }),
    );
  }

  it('resolves {{base}}/path from a Postman environment export, and --var wins over it', async () => {
    const env = writeEnvironment(server.url);
    const fromEnv = await echoOf('{{base}}/users/{{user}}', '-e', env, '-H', 'Authorization: Bearer {{token}}');
    expect(fromEnv.echo.url).toBe('/users/from-env');
    expect(header(fromEnv.echo.rawHeaders, 'authorization')).toEqual(['Bearer s3cret']);

    const overridden = await echoOf('{{base}}/users/{{user}}', '-e', env, '--var', 'user=from-cli');
    expect(overridden.echo.url).toBe('/users/from-cli');
  });

  it('lets --var replace the environment base URL itself', async () => {
    const env = writeEnvironment('http://127.0.0.1:1');
    const { echo } = await echoOf('{{base}}/v', '-e', env, '--var', `base=${server.url}`);
    expect(echo.url).toBe('/v');
  });

  it('warns on stderr about an undefined (or disabled) variable and sends it as written', async () => {
    const env = writeEnvironment(server.url);
    const run = await runCli('send', '{{base}}/w', '-e', env, '-H', 'X-A: {{nowhere}}', '-H', 'X-B: {{off}}', '--json');
    expect(run.code).toBe(0);
    const warnings = linesOf(run.stderr);
    expect(warnings).toHaveLength(2);
    expect(warnings.some((l) => /^postern: warning: .*\{\{nowhere\}\}.*not defined/.test(l))).toBe(true);
    expect(warnings.some((l) => /^postern: warning: .*\{\{off\}\}/.test(l))).toBe(true);
    const echo = JSON.parse(String(parseOneJsonLine(run.stdout)['body'])) as EchoReply;
    expect(header(echo.rawHeaders, 'x-a')).toEqual(['{{nowhere}}']);
  });
});

describe('human output', () => {
  it('prints the status line, headers, pretty-printed JSON, and a Time line', async () => {
    const run = await runCli('send', `${server.url}/json`);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = linesOf(run.stdout);
    expect(lines[0]).toBe('HTTP/1.1 200 OK');
    expect(lines).toContain('x-one: 1');
    expect(lines).toContain('x-two: 2');
    expect(lines).toContain('content-type: application/json');
    expect(run.stdout).toContain(`${JSON.stringify(JSON.parse(COMPACT_JSON), null, 2)}\n`);
    expect(run.stdout).not.toContain(COMPACT_JSON);
    expect(lines.some((l) => /^Time\s+\d+(\.\d+)? (ms|s)\s+\(.*wait .*download/.test(l))).toBe(true);
    expect(lines.some((l) => /^Size\s+\d+/.test(l))).toBe(true);
    // Plain HTTP has no TLS line, and colour is off when stdout is not a terminal.
    expect(lines.some((l) => l.startsWith('TLS'))).toBe(false);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('colours the output with --color', async () => {
    const run = await runCli('send', `${server.url}/json`, '--color');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\u001b[');
  });

  it('does not dump a binary body into the terminal', async () => {
    const run = await runCli('send', `${server.url}/binary`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`[binary body, ${BINARY.length} B; save it with -o FILE]`);
    expect(run.stdoutBytes.includes(BINARY)).toBe(false);
  });

  it('-b prints only the body, byte for byte', async () => {
    const json = await runCli('send', `${server.url}/json`, '-b');
    expect(json.code).toBe(0);
    expect(json.stdout).toBe(COMPACT_JSON);
    const binary = await runCli('send', `${server.url}/binary`, '--body-only');
    expect(binary.stdoutBytes.equals(BINARY)).toBe(true);
  });

  it('-o saves the body to a file and says so instead of printing it', async () => {
    const target = tmp.file('saved.bin');
    const run = await runCli('send', `${server.url}/binary`, '-o', target);
    expect(run.code).toBe(0);
    expect(readFileSync(target).equals(BINARY)).toBe(true);
    expect(run.stdout).toContain(`[body saved to ${target}, ${BINARY.length} B]`);
    expect(run.stdoutBytes.includes(BINARY)).toBe(false);
    expect(linesOf(run.stdout)[0]).toBe('HTTP/1.1 200 OK');
  });
});

describe('--json', () => {
  it('prints exactly one JSON object with status, headers, body, size and timings', async () => {
    const run = await runCli('send', `${server.url}/json`, '--json');
    expect(run.code).toBe(0);
    const out = parseOneJsonLine(run.stdout);
    for (const key of ['status', 'headers', 'body', 'size', 'timings', 'tls']) expect(out).toHaveProperty(key);
    const typed = out as unknown as JsonOutput;
    expect(typed.status).toBe(200);
    expect(header(typed.headers, 'x-two')).toEqual(['2']);
    expect(typed.body).toBe(COMPACT_JSON);
    expect(typed.size.body).toBe(COMPACT_JSON.length);
    for (const phase of ['dns', 'tcp', 'tls', 'firstByte', 'download', 'total']) expect(typeof typed.timings[phase]).toBe('number');
    expect(typed.timings['total']).toBeGreaterThan(0);
    expect(typed.tls).toBeNull();
  });

  it('with -o, saves the body and names the file instead of inlining it', async () => {
    const target = tmp.file('saved.json');
    const run = await runCli('send', `${server.url}/json`, '-o', target, '--json');
    expect(run.code).toBe(0);
    const out = parseOneJsonLine(run.stdout);
    expect(out).toMatchObject({ status: 200, body: null, savedTo: target });
    expect(readFileSync(target, 'utf8')).toBe(COMPACT_JSON);
  });

  it('gives a binary body as base64 and says so', async () => {
    const out = parseOneJsonLine((await runCli('send', `${server.url}/binary`, '--json')).stdout) as unknown as JsonOutput;
    expect(out.bodyEncoding).toBe('base64');
    expect(Buffer.from(out.body ?? '', 'base64').equals(BINARY)).toBe(true);
  });

  it('still prints one JSON object, {error:{code,message}}, when the request fails', async () => {
    const run = await runCli('send', 'http://127.0.0.1:1/', '--json');
    expect(run.code).toBe(1);
    const out = parseOneJsonLine(run.stdout);
    expect(out).toEqual({ error: { code: 'CONNECTION_REFUSED', message: expect.stringContaining('127.0.0.1:1') as unknown } });
    expectOneErrorLine(run);
  });
});

describe('exit codes', () => {
  it('is 0 for any HTTP response, 404 and 500 included', async () => {
    for (const status of [201, 404, 500, 503]) {
      const run = await runCli('send', `${server.url}/status/${status}`);
      expect(run.code, `status ${status}`).toBe(0);
      expect(linesOf(run.stdout)[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    }
    const json = parseOneJsonLine((await runCli('send', `${server.url}/status/404`, '--json')).stdout);
    expect(json['status']).toBe(404);
  });

  it('is 1 with one line naming the host for a refused connection', async () => {
    const closed = await startHttpServer();
    const url = `${closed.url}/`;
    await closed.close();
    const run = await runCli('send', url);
    expect(run.code).toBe(1);
    expect(expectOneErrorLine(run)).toBe(`postern: error: connection refused by 127.0.0.1:${closed.port}`);
    expect(run.stdout).toBe('');
  });

  it('is 1 when --timeout runs out, naming the timeout', async () => {
    const run = await runCli('send', `${server.url}/slow`, '--timeout', '300');
    expect(run.code).toBe(1);
    expect(expectOneErrorLine(run)).toMatch(/request timeout \(300 ms\)/);
  });

  it('prints usage and exits 2 without a command, 0 for --help and --version', async () => {
    const none = await runCli();
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage: postern');
    const help = await runCli('send', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: postern send [METHOD] URL');
    for (const flag of ['--cacert', '--pfx', '--tls-disable', '--ciphers', '--proxy', '--keylog', '--json']) expect(help.stdout).toContain(flag);
    const version = await runCli('--version');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    expect(`${none.stdout}${help.stdout}`).not.toMatch(STACK_FRAME);
  });
});
