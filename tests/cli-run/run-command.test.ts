/**
 * `postern run` end to end in-process: newman's flags against a real loopback server, what it prints,
 * the files it writes and its exit code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bodyOf, headerOf, paths, startRoutesServer, type RoutesServer } from '../runner/runner-helpers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { folder, item, readJson, runCliWith, runPostern, writeCollection } from './run-harness.js';

let server: RoutesServer;
let tmp: TempDir;

beforeAll(async () => {
  server = await startRoutesServer();
  tmp = makeTempDir('postern-cli-run-');
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});
beforeEach(() => {
  server.received.length = 0;
});

const statusTest = (code: number): string => `pm.test('status is ${code}', () => pm.response.to.have.status(${code}));`;

function passing(): string {
  return writeCollection(tmp, 'passing.json', 'Passing', [
    item('one', `${server.url}/one`, { test: statusTest(200) }),
    folder('Things', [item('two', { method: 'POST', url: `${server.url}/two`, body: { mode: 'raw', raw: 'hi' } }, { test: statusTest(200) })]),
  ]);
}

describe('output and exit code', () => {
  it('prints each request and assertion, then the summary table; exit 0 when all passed', async () => {
    const run = await runPostern(passing());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(paths(server)).toEqual(['/one', '/two']);
    expect(run.stdout).toContain('Passing');
    expect(run.stdout).toContain('→ one');
    expect(run.stdout).toContain('❏ Things');
    expect(run.stdout).toMatch(new RegExp(`GET ${server.url}/one \\[200 OK, \\d+ B, [\\d.]+ ms\\]`));
    expect(run.stdout).toContain('✓  status is 200');
    expect(run.stdout).toMatch(/│ +iterations │ +1 │ +0 │/);
    expect(run.stdout).toMatch(/│ +requests │ +2 │ +0 │/);
    expect(run.stdout).toMatch(/│ +assertions │ +2 │ +0 │/);
    expect(run.stdout).not.toContain('failure');
  });

  it('exits 1 when an assertion fails and lists the failure; -x exits 0', async () => {
    const file = writeCollection(tmp, 'failing.json', 'Failing', [item('missing', `${server.url}/status/404`, { test: statusTest(200) })]);
    const run = await runPostern(file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(' 1. status is 200');
    expect(run.stdout).toMatch(/1\.\s+AssertionError\s+status is 200\n\s+expected response to have status code 200 but got 404/);
    expect(run.stdout).toContain('at assertion:0 in test-script');
    expect(run.stdout).toContain('inside "missing"');
    expect((await runPostern(file, '-x')).code).toBe(0);
    expect((await runPostern(file, '--suppress-exit-code')).code).toBe(0);
  });

  it('fails a script with a syntax error at its line and column, and goes on to the next request', async () => {
    const file = writeCollection(tmp, 'syntax.json', 'Syntax', [
      item('broken', `${server.url}/broken`, { test: ['// fine', 'let x = ;', 'pm.test("never", () => {});'] }),
      item('after', `${server.url}/after`, { test: statusTest(200) }),
    ]);
    const run = await runPostern(file);
    expect(run.code).toBe(1);
    expect(paths(server)).toEqual(['/broken', '/after']);
    expect(run.stdout).toContain('SyntaxError in test-script (broken)');
    expect(run.stdout).toMatch(/at test-script:2:\d+/);
    expect(run.stdout).toContain('✓  status is 200');
  });

  it('says nothing with --silent, and draws a live progress line on a terminal', async () => {
    const silent = await runPostern(passing(), '--silent');
    expect(silent).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const tty = await runCliWith({ stderrIsTTY: true }, 'run', passing(), '-n', '2');
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('\r\x1b[2K');
    expect(tty.stderr).toMatch(/4\/4 requests · iteration 2\/2/);
    // The line is taken off the screen at the end.
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('prints help', async () => {
    const run = await runPostern('--help');
    expect(run.code).toBe(0);
    for (const flag of ['--iteration-data', '--folder', '--env-var', '--export-environment', '--reporter-junit-export', '--ssl-client-cert-list', '--bail']) expect(run.stdout).toContain(flag);
  });
});

describe('what to run', () => {
  it('runs iterations from a CSV data file (BOM, quotes, embedded commas and line breaks)', async () => {
    const data = tmp.write('users.csv', '\ufeffname,city\n"Lovelace, Ada","London\nUK"\nBob,Paris\n');
    const file = writeCollection(tmp, 'data.json', 'Data', [item('post', { method: 'POST', url: `${server.url}/users`, body: { mode: 'raw', raw: '{{name}}@{{city}}' } })]);
    const run = await runPostern(file, '-d', data);
    expect(run.code).toBe(0);
    expect(server.received.map(bodyOf)).toEqual(['Lovelace, Ada@London\nUK', 'Bob@Paris']);
    expect(run.stdout).toContain('Iteration 2/2');
  });

  it('takes -n, --folder (repeatable), --env-var, --global-var and -e/-g files', async () => {
    const env = tmp.write('env.json', JSON.stringify({ name: 'Dev', values: [{ key: 'base', value: 'wrong', enabled: true }, { key: 'e', value: 'from-file', enabled: true }] }));
    const globals = tmp.write('globals.json', JSON.stringify({ name: 'G', values: [{ key: 'g', value: 'G1', enabled: true }], _postman_variable_scope: 'globals' }));
    const file = writeCollection(tmp, 'folders.json', 'Folders', [
      item('top', '{{base}}/top'),
      folder('A', [item('a', '{{base}}/a/{{e}}/{{g}}/{{cli}}')]),
      folder('B', [item('b', '{{base}}/b')]),
    ]);
    const run = await runPostern(file, '-e', env, '-g', globals, '--env-var', `base=${server.url}`, '--global-var', 'cli=C', '--folder', 'B', '--folder', 'A', '-n', '2');
    expect(run.stderr).toBe('');
    expect(paths(server)).toEqual(['/a/from-file/G1/C', '/b', '/a/from-file/G1/C', '/b']);
  });

  it('stops at the first failure with --bail', async () => {
    const file = writeCollection(tmp, 'bail.json', 'Bail', [item('bad', `${server.url}/status/500`, { test: statusTest(200) }), item('next', `${server.url}/next`)]);
    const run = await runPostern(file, '--bail', '-n', '3');
    expect(run.code).toBe(1);
    expect(paths(server)).toEqual(['/status/500']);
    expect(run.stdout).toContain('the run stopped at the first failure (--bail)');
    // newman's modifiers are accepted.
    server.received.length = 0;
    expect((await runPostern(file, '--bail', 'failure')).code).toBe(1);
    expect(paths(server)).toEqual(['/status/500']);
  });

  it('fails a request that outlives --timeout-request, and a run that outlives --timeout', async () => {
    const file = writeCollection(tmp, 'slow.json', 'Slow', [item('slow', `${server.url}/slow`), item('after', `${server.url}/after`)]);
    const perRequest = await runPostern(file, '--timeout-request', '150');
    expect(perRequest.code).toBe(1);
    expect(paths(server)).toEqual(['/slow', '/after']);
    expect(perRequest.stdout).toMatch(/\[errored\]/);
    server.received.length = 0;
    const whole = await runPostern(file, '--timeout', '150');
    expect(whole.code).toBe(1);
    expect(paths(server)).toEqual(['/slow']);
    expect(whole.stdout).toContain('the run stopped: the run took longer than its time limit of 150 ms');
  });

  it('reads relative body files from --working-dir', async () => {
    tmp.write('work/payload.txt', 'from the working dir');
    const file = writeCollection(tmp, 'files.json', 'Files', [item('upload', { method: 'POST', url: `${server.url}/upload`, body: { mode: 'file', file: { src: 'payload.txt' } } })]);
    const run = await runPostern(file, '--working-dir', tmp.file('work'));
    expect(run.code).toBe(0);
    expect(bodyOf(server.received[0])).toBe('from the working dir');
  });
});

describe('files a run writes', () => {
  it('exports the environment, globals and collection as the run left them', async () => {
    const env = tmp.write('export-env.json', JSON.stringify({ id: 'env-1', name: 'Stage', values: [{ key: 'token', value: 'initial', enabled: true }, { key: 'keep', value: 'k', enabled: true }] }));
    const file = writeCollection(
      tmp,
      'exports.json',
      'Exports',
      [item('r', `${server.url}/r`, { test: "pm.environment.set('token', 'changed'); pm.environment.set('added', 'new'); pm.globals.set('g', 1); pm.collectionVariables.set('cv', 'end');" })],
      { variable: [{ key: 'cv', value: 'start' }] },
    );
    const out = { env: tmp.file('out/env.json'), globals: tmp.file('out/globals.json'), collection: tmp.file('out/collection.json') };
    const run = await runPostern(file, '-e', env, '--export-environment', out.env, '--export-globals', out.globals, '--export-collection', out.collection);
    expect(run.code).toBe(0);
    const environment = readJson(out.env);
    expect(environment).toMatchObject({ id: 'env-1', name: 'Stage', _postman_variable_scope: 'environment' });
    expect(environment['values']).toEqual([
      { key: 'token', value: 'changed', type: 'default', enabled: true },
      { key: 'keep', value: 'k', type: 'default', enabled: true },
      { key: 'added', value: 'new', type: 'default', enabled: true },
    ]);
    expect(readJson(out.globals)['values']).toEqual([{ key: 'g', value: '1', type: 'default', enabled: true }]);
    expect(readJson(out.collection)['variable']).toEqual([{ key: 'cv', value: 'end', type: 'string' }]);
    // The input file is untouched.
    expect(readFileSync(env, 'utf8')).toContain('"initial"');
  });

  it('exports the cookie jar, and a later run starts from it with --cookie-jar', async () => {
    const jar = tmp.file('jar.json');
    const setter = writeCollection(tmp, 'set-cookie.json', 'Cookies', [item('set', `${server.url}/set-cookie?session=s1`)]);
    expect((await runPostern(setter, '--export-cookie-jar', jar, '--silent')).code).toBe(0);
    expect(JSON.stringify(readJson(jar))).toContain('"session"');
    const reader = writeCollection(tmp, 'read-cookie.json', 'Cookies', [item('read', `${server.url}/cookies`)]);
    server.received.length = 0;
    expect((await runPostern(reader, '--cookie-jar', jar, '--silent')).code).toBe(0);
    expect(headerOf(server.received[0], 'Cookie')).toBe('session=s1');
  });

  it('writes the JSON and JUnit reports where asked', async () => {
    const json = tmp.file('reports/run.json');
    const junit = tmp.file('reports/run.xml');
    const file = writeCollection(tmp, 'reported.json', 'Reported', [item('r', `${server.url}/status/201`, { test: statusTest(200) })]);
    const run = await runPostern(file, '-r', 'cli,json', '--reporters', 'junit', '--reporter-json-export', json, '--reporter-junit-export', junit);
    expect(run.code).toBe(1);
    const report = readJson(json) as { run: { stats: { assertions: unknown }; executions: Array<{ assertions: unknown[] }>; failures: Array<{ at: string; source: { name: string } }> } };
    expect(report.run.stats.assertions).toEqual({ total: 1, pending: 0, failed: 1 });
    expect(report.run.executions[0]?.assertions).toEqual([{ assertion: 'status is 200', skipped: false, error: expect.objectContaining({ name: 'AssertionError', test: 'status is 200' }) as unknown }]);
    expect(report.run.failures[0]).toMatchObject({ at: 'assertion:0 in test-script', source: { name: 'r' } });
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testcase name="status is 200"');
    expect(existsSync(tmp.file('postern'))).toBe(false);
  });
});
