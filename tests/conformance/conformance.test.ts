/**
 * Conformance with newman: every collection under ./collections is run by newman (the oracle, a
 * devDependency) and by `postern run` against the same loopback server. For every request execution, in
 * order, the assertion names, their pass/fail/skip state and the scripts that threw must be equal.
 * Deliberate differences are listed in DIFFERENCES with the reason; the README repeats them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type RunningServer, type TempDir } from '../support/index.js';
import { startEchoServer } from './echo-server.js';
import { runNewman, runPostern, type ExecutionRecord, type RunFiles } from './runners.js';

const COLLECTIONS = fileURLToPath(new URL('./collections/', import.meta.url));

interface Case {
  readonly name: string;
  readonly collection: string;
  readonly globals?: boolean;
  readonly data?: string;
  readonly iterationCount?: number;
}

const CASES: readonly Case[] = [
  { name: 'pm API: tests, expect, response assertions, request edits, script errors', collection: 'pm-api' },
  { name: 'variables: scopes, precedence, set/unset/has/replaceIn, dynamic variables', collection: 'variables', globals: true },
  { name: 'legacy sandbox: tests[], responseBody, responseCode, postman.*', collection: 'legacy', globals: true },
  { name: 'CSV data file: BOM, quoted commas and line breaks, three iterations', collection: 'data-driven', data: 'data.csv' },
  { name: 'JSON data file: typed values, three iterations', collection: 'data-driven', data: 'data.json' },
  { name: 'flow: setNextRequest jump, loop and stop; skipRequest; two iterations', collection: 'flow', iterationCount: 2 },
  { name: 'auth inheritance: collection basic, folder bearer, request noauth and apikey', collection: 'auth' },
  { name: 'cookies: set by a response, sent on the next request, pm.cookies', collection: 'cookies' },
  { name: 'pm.sendRequest with callbacks', collection: 'send-request' },
];

type Outcome = 'pass' | 'FAIL';

interface Difference {
  readonly collection: string;
  readonly item: string;
  /** Assertion names (in any iteration) whose outcome differs on purpose. */
  readonly assertions: readonly string[];
  readonly newman: Outcome;
  readonly postern: Outcome;
  /** `security`: newman's behaviour would leak or send what the user withheld. `fidelity`: newman loses or misreports data. */
  readonly kind: 'security' | 'fidelity';
  readonly reason: string;
}

/**
 * Where Postern differs from newman on purpose; each entry changes the oracle's expected outcome of the
 * named assertions. Keep it short, and keep each reason honest: the README repeats this list.
 */
export const DIFFERENCES: readonly Difference[] = [
  {
    collection: 'variables',
    item: 'Disabled environment value',
    assertions: ['disabled value not substituted', 'disabled value: get', 'disabled value: has', 'disabled value: variables.get'],
    newman: 'FAIL',
    postern: 'pass',
    kind: 'security',
    reason:
      'A variable disabled in an environment file stays off: it is neither substituted into requests nor visible to scripts. ' +
      'newman uses disabled values as if they were enabled (postmanlabs/newman#1710, #2986), so a credential the user switched off is still sent.',
  },
  {
    collection: 'data-driven',
    item: 'Create user from the row',
    assertions: ['zip code kept as written'],
    newman: 'FAIL',
    postern: 'pass',
    kind: 'fidelity',
    reason:
      'An unquoted CSV value becomes a number only when it reads back as the same text: newman turns 02134 into 2134 and 1.50 into 1.5; ' +
      'Postern keeps them as text.',
  },
  {
    collection: 'cookies',
    item: 'Response sets cookies',
    assertions: ['to.have.cookie', 'to.have.cookie with value'],
    newman: 'FAIL',
    postern: 'pass',
    kind: 'fidelity',
    reason:
      "pm.response.to.have.cookie() sees the cookies the response set, as pm.cookies does; in newman it reads pm.response.cookies, " +
      'which newman always leaves empty, so the assertion can never pass.',
  },
];

let server: RunningServer;
let tmp: TempDir;
let environmentFile: string;

beforeAll(async () => {
  server = await startEchoServer();
  tmp = makeTempDir('postern-conformance-');
  // The server's port is only known now: both runners read the same environment file with baseUrl added.
  const environment = JSON.parse(readFileSync(`${COLLECTIONS}conformance.postman_environment.json`, 'utf8')) as { values: unknown[] };
  environment.values.unshift({ key: 'baseUrl', value: server.url, type: 'default', enabled: true });
  environmentFile = tmp.write('conformance.postman_environment.json', JSON.stringify(environment, null, 2));
});

afterAll(async () => {
  await server?.close();
  tmp?.cleanup();
});

function filesOf(test: Case): RunFiles {
  return {
    collection: `${COLLECTIONS}${test.collection}.postman_collection.json`,
    environment: environmentFile,
    globals: test.globals ? `${COLLECTIONS}conformance.postman_globals.json` : undefined,
    iterationData: test.data === undefined ? undefined : `${COLLECTIONS}${test.data}`,
    iterationCount: test.iterationCount,
  };
}

/** Differences that changed an expectation; each must, or it is stale and hides nothing real. */
const applied = new Set<Difference>();

/** The oracle's records with the deliberate differences applied. */
function expectedFrom(collection: string, records: readonly ExecutionRecord[]): ExecutionRecord[] {
  return records.map((record) => {
    const item = record.at.replace(/^#\d+ /, '');
    return {
      ...record,
      assertions: record.assertions.map((assertion) => {
        const difference = DIFFERENCES.find((d) => d.collection === collection && d.item === item && d.assertions.some((name) => assertion === `${d.newman}: ${name}`));
        if (!difference) return assertion;
        applied.add(difference);
        return `${difference.postern}${assertion.slice(difference.newman.length)}`;
      }),
    };
  });
}

describe('postern run conforms to newman', () => {
  const seen = { pass: 0, fail: 0, skip: 0, scriptErrors: 0 };

  for (const test of CASES) {
    it(test.name, async () => {
      const files = filesOf(test);
      const oracle = await runNewman(files);
      // The oracle must have done real work, or an equal result would prove nothing.
      expect(oracle.length, 'newman ran no request').toBeGreaterThan(0);
      expect(oracle.flatMap((record) => record.assertions).length, 'newman recorded no assertion').toBeGreaterThan(0);
      for (const record of oracle) {
        for (const assertion of record.assertions) seen[assertion.startsWith('FAIL') ? 'fail' : assertion.startsWith('skip') ? 'skip' : 'pass'] += 1;
        seen.scriptErrors += record.scriptErrors.length;
      }

      const postern = await runPostern(files, tmp.file(`${test.collection}-${test.data ?? 'none'}.report.json`));
      expect(postern.stderr, 'postern run printed an error').not.toMatch(/postern: (error|internal error):/);
      const expected = expectedFrom(test.collection, oracle);
      expect(postern.executions).toEqual(expected);

      const failed = expected.some((record) => record.assertions.some((a) => a.startsWith('FAIL')) || record.scriptErrors.length > 0);
      expect(postern.code, 'exit code: 1 exactly when something failed').toBe(failed ? 1 : 0);
    });
  }

  it('covers passing, failing and skipped assertions and script errors', () => {
    // Runs after the cases above (vitest keeps file order): the comparison must have seen each kind.
    expect(seen.pass).toBeGreaterThan(100);
    expect(seen.fail).toBeGreaterThan(10);
    expect(seen.skip).toBeGreaterThan(0);
    expect(seen.scriptErrors).toBeGreaterThan(0);
  });

  it('uses every listed difference (none is stale)', () => {
    expect(DIFFERENCES.filter((d) => !applied.has(d)).map((d) => `${d.collection} / ${d.item}`)).toEqual([]);
  });
});
