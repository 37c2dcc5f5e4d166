/**
 * Bad input to `postern run` is refused before anything is sent, in one line that says what is wrong and
 * where: an unknown flag with the nearest valid one, a data file with its line, a collection with its field.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paths, startRoutesServer, type RoutesServer } from '../runner/runner-helpers.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { expectUsageError, folder, item, runPostern, writeCollection } from './run-harness.js';

let server: RoutesServer;
let tmp: TempDir;
let collection: string;

beforeAll(async () => {
  server = await startRoutesServer();
  tmp = makeTempDir('postern-cli-run-errors-');
  collection = writeCollection(tmp, 'c.json', 'Shop', [item('list', `${server.url}/list/{{id}}`), folder('Orders', [item('create', `${server.url}/create`)])]);
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});
beforeEach(() => {
  server.received.length = 0;
});

describe('flags', () => {
  it('names an unknown flag and the nearest valid one', async () => {
    const line = expectUsageError(await runPostern(collection, '--itteration-count', '3'));
    expect(line).toBe("postern: error: postern run: unknown option --itteration-count; did you mean --iteration-count? (run 'postern run --help' for the options)");
    expect(expectUsageError(await runPostern(collection, '--export-enviroment=x.json'))).toContain('did you mean --export-environment?');
    expect(expectUsageError(await runPostern(collection, '--qwertyuiop'))).toContain('unknown option --qwertyuiop (run');
    expect(paths(server)).toEqual([]);
  });

  it('says which flag lacks its value or has a bad one', async () => {
    expect(expectUsageError(await runPostern(collection, '-n'))).toContain('option -n, --iteration-count needs a value');
    expect(expectUsageError(await runPostern(collection, '-n', '0'))).toContain('-n, --iteration-count needs a whole number from 1, not "0"');
    expect(expectUsageError(await runPostern(collection, '--delay-request', 'soon'))).toContain('--delay-request needs a whole number of milliseconds');
    expect(expectUsageError(await runPostern(collection, '-r', 'cli,jsno'))).toContain('unknown reporter "jsno"; did you mean json?');
    expect(expectUsageError(await runPostern(collection, '--env-var', 'novalue'))).toContain('--env-var "novalue" is not in the form name=value');
    expect(expectUsageError(await runPostern(collection, '--ssl-client-cert', 'c.pem'))).toContain('--ssl-client-cert and --ssl-client-key go together');
    expect(expectUsageError(await runPostern())).toContain('missing the collection file');
  });

  it('names a folder the collection does not have, with the nearest', async () => {
    expect(expectUsageError(await runPostern(collection, '--folder', 'Order'))).toBe('postern: error: --folder: no folder or request "Order" in collection "Shop"; did you mean "Orders"?');
  });
});

describe('files', () => {
  it('rejects a CSV data file that does not parse, naming its line, before the run', async () => {
    const data = tmp.write('bad.csv', 'id,name\n1,Ada\n2,"Bob\n3,Carol\n');
    expect(expectUsageError(await runPostern(collection, '-d', data))).toBe(`postern: error: ${data}:3: invalid CSV: a quoted value opened on this line is never closed`);
    expect(paths(server)).toEqual([]);
  });

  it('rejects a JSON data file that does not parse, naming its line and column', async () => {
    const data = tmp.write('bad.json', '[\n  {"id": 1},\n  {"id": 2,}\n]\n');
    expect(expectUsageError(await runPostern(collection, '-d', data))).toMatch(new RegExp(`^postern: error: ${escape(data)}:3: invalid JSON at line 3, column \\d+: `));
    const notRows = tmp.write('rows.json', '{"id": 1}');
    expect(expectUsageError(await runPostern(collection, '-d', notRows))).toContain('iteration data must be a JSON array of objects');
    expect(paths(server)).toEqual([]);
  });

  it('says which field of a collection file is wrong, and what a wrong kind of file is', async () => {
    const badField = tmp.write('bad-field.json', JSON.stringify({ info: { name: 'X', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'r', request: { url: 5 } }] }, null, 2));
    expect(expectUsageError(await runPostern(badField))).toMatch(new RegExp(`^postern: error: ${escape(badField)}:\\d+: item\\[0\\]\\.request\\.url: `));
    const environment = tmp.write('env-as-collection.json', JSON.stringify({ name: 'Env', values: [], _postman_variable_scope: 'environment' }));
    expect(expectUsageError(await runPostern(environment))).toContain('this is a Postman environment or globals export, not a collection');
    expect(expectUsageError(await runPostern(tmp.file('missing.json')))).toBe(`postern: error: ${tmp.file('missing.json')}: collection file not found`);
  });

  it('names an environment file that is not an environment', async () => {
    const line = expectUsageError(await runPostern(collection, '-e', collection));
    expect(line).toContain('this is a Postman collection, not an environment export');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
