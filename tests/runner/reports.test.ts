/**
 * Reports: the JSON report is checked against what newman itself writes for the same collection against
 * the same server (stats, assertions, failures line up field by field), and the JUnit XML is checked
 * with a real XML parser.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPostmanCollection } from '../../src/formats/index.js';
import { junitReport, newmanJsonReport, type RunResult } from '../../src/runner/index.js';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { record, startRoutesServer, type RoutesServer } from './runner-helpers.js';

interface Newman {
  run(options: Record<string, unknown>, callback: (error: Error | null) => void): unknown;
}
const newman = createRequire(import.meta.url)('newman') as Newman;

let server: RoutesServer;
let tmp: TempDir;

beforeAll(async () => {
  server = await startRoutesServer();
  tmp = makeTempDir('postern-reports-');
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

/** Three requests: passing and failing tests, a script that throws, and a request that cannot connect. */
function postmanCollection(): Record<string, unknown> {
  const test = (lines: string[]): unknown[] => [{ listen: 'test', script: { type: 'text/javascript', exec: lines } }];
  return {
    info: { _postman_id: 'report-collection', name: 'Report <&> "check"', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      {
        id: 'folder-1',
        name: 'Things',
        item: [
          {
            id: 'req-ok',
            name: 'Get <thing> & "more"',
            request: { method: 'GET', url: `${server.url}/thing?x=1` },
            event: test(["pm.test('status is 200', () => pm.response.to.have.status(200));", "pm.test('has <b> & \"q\"', () => pm.expect(1).to.equal(2));"]),
          },
        ],
      },
      { id: 'req-throws', name: 'Throws', request: { method: 'POST', url: `${server.url}/throws`, body: { mode: 'raw', raw: 'x' } }, event: test(["pm.test('before the throw', () => {});", "throw new TypeError('bad \\u0001 thing');"]) },
      { id: 'req-refused', name: 'Refused', request: { method: 'GET', url: 'http://127.0.0.1:1/nothing' }, event: test(["pm.test('never passes', () => pm.response.to.have.status(200));"]) },
    ],
  };
}

function runNewman(collection: unknown, iterationCount: number, exportPath: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    newman.run({ collection, iterationCount, reporters: ['json'], reporter: { json: { export: exportPath } } }, (error) => {
      if (error) reject(error);
      else resolve(JSON.parse(readFileSync(exportPath, 'utf8')) as Record<string, unknown>);
    });
  });
}

async function ours(iterationCount: number): Promise<RunResult> {
  const collection = importPostmanCollection(postmanCollection());
  return (await record({ collection, iterationCount, keepResponseBodies: true })).result;
}

interface ReportShape {
  run: {
    stats: Record<string, { total: number; pending: number; failed: number }>;
    executions: Array<{ item: { id: string; name: string }; assertions?: Array<{ assertion: string; skipped: boolean; error?: { name: string; message: string; test?: string } }>; requestError?: unknown; response?: { code: number; stream?: { type: string; data: number[] } }; request?: { method: string; url: Record<string, unknown> } }>;
    failures: Array<{ error: { name: string; message: string; test?: string }; at: string; source: { id: string; name: string }; parent: { id?: string; name?: string } }>;
    timings: Record<string, number>;
    transfers: { responseTotal: number };
  };
  collection: { info: { name: string } };
}

describe('JSON report', () => {
  it("lines up with newman's report for the same run", async () => {
    const theirs = (await runNewman(postmanCollection(), 2, tmp.file('newman.json'))) as unknown as ReportShape;
    const mine = JSON.parse(JSON.stringify(newmanJsonReport(await ours(2)))) as ReportShape;

    expect(Object.keys(mine).sort()).toEqual(expect.arrayContaining(['collection', 'environment', 'globals', 'run']));
    expect(Object.keys(mine.run).sort()).toEqual(expect.arrayContaining(['executions', 'failures', 'stats', 'timings', 'transfers']));
    expect(mine.run.stats).toEqual(theirs.run.stats);
    expect(Object.keys(mine.run.timings)).toEqual(expect.arrayContaining(Object.keys(theirs.run.timings)));
    expect(mine.collection.info.name).toBe(theirs.collection.info.name);

    // The error's name is compared where there was a response: after a failed request, what `pm.response`
    // is inside the sandbox is the sandbox's business, not the report's.
    const assertions = (report: ReportShape): unknown[] =>
      report.run.executions.map((execution) => ({
        item: execution.item.name,
        requestError: execution.requestError !== undefined,
        code: execution.response?.code,
        assertions: (execution.assertions ?? []).map((a) => ({
          assertion: a.assertion,
          skipped: a.skipped,
          failed: a.error !== undefined,
          test: a.error?.test,
          ...(execution.response ? { name: a.error?.name } : {}),
        })),
      }));
    expect(assertions(mine)).toEqual(assertions(theirs));

    const failures = (report: ReportShape): unknown[] =>
      report.run.failures.map((failure) => ({
        // newman names the line and column only when its sandbox's stack trace has them; ours always does.
        at: failure.at.replace(/^(test|prerequest)-script:\d+:\d+$/, '$1-script'),
        source: failure.source.name,
        test: failure.error.test,
        ...(failure.at.startsWith('assertion') ? {} : { name: failure.error.name }),
      }));
    expect(failures(mine)).toEqual(failures(theirs));
    // Script errors are placed at their line and column, as newman does.
    expect(mine.run.failures.map((failure) => failure.at)).toContainEqual(expect.stringMatching(/^test-script:2:\d+$/));
  });

  it('keeps the response body as newman does (a Buffer), and the request URL as the SDK object', async () => {
    const report = JSON.parse(JSON.stringify(newmanJsonReport(await ours(1)))) as ReportShape;
    const first = report.run.executions[0];
    expect(first?.response?.stream?.type).toBe('Buffer');
    const body = JSON.parse(Buffer.from(first?.response?.stream?.data ?? []).toString('utf8')) as { url: string };
    expect(body.url).toBe('/thing?x=1');
    expect(first?.request?.url).toMatchObject({ protocol: 'http', host: ['127', '0', '0', '1'], port: String(server.port), path: ['thing'], query: [{ key: 'x', value: '1' }] });
    expect(report.run.transfers.responseTotal).toBeGreaterThan(0);
  });
});

describe('JUnit report', () => {
  it('is well-formed XML: one testsuite per request, one testcase per assertion, errors for the rest', async () => {
    const xml = junitReport(await ours(2));
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml) as {
      testsuites: {
        name: string;
        tests: string;
        failures: string;
        errors: string;
        testsuite: Array<{ name: string; id: string; tests: string; failures: string; errors: string; testcase: Array<{ name: string; classname: string; failure?: { message: string; '#text': string }; error?: { message: string } }> }>;
      };
    };
    const root = parsed.testsuites;
    expect(root.name).toBe('Report <&> "check"');
    expect(root.testsuite.map((suite) => [suite.name, suite.id])).toEqual([
      ['Things / Get <thing> & "more"', 'req-ok'],
      ['Throws', 'req-throws'],
      ['Refused', 'req-refused'],
    ]);
    const [ok, throws, refused] = root.testsuite;
    expect(ok?.testcase.map((testcase) => testcase.name)).toEqual(['status is 200', 'has <b> & "q"']);
    expect(ok?.testcase[0]?.failure).toBeUndefined();
    expect(ok?.testcase[1]?.failure?.message).toMatch(/^iteration 1: expected 1 to (equal|deeply equal) 2$/);
    expect(ok?.testcase[1]?.failure?.['#text']).toMatch(/^Failed 2 times\./);
    expect(ok).toMatchObject({ tests: '2', failures: '1', errors: '0' });
    expect(throws?.testcase.map((testcase) => testcase.name)).toEqual(['Test script: Throws', 'before the throw']);
    // The control character in the error message cannot be in XML and is left out.
    expect(throws?.testcase[0]?.error?.message).toMatch(/^iteration 1: TypeError: bad {2}thing \(line 2, column \d+\)$/);
    expect(refused?.testcase.map((testcase) => [testcase.name, testcase.failure !== undefined || testcase.error !== undefined])).toEqual([
      ['Request', true],
      ['never passes', true],
    ]);
    expect(root).toMatchObject({ tests: '6', failures: '2', errors: '2' });
  });
});
