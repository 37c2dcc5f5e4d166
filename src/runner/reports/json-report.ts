import { exportPostmanCollection, exportPostmanEnvironment, exportPostmanGlobals } from '../../formats/index.js';
import type { Environment, Globals, JsonValue } from '../../model/index.js';
import { SECRET_MASK } from '../../variables/index.js';
import type { Execution, Failure, RequestSummary, ResponseSummary, RunCursor, RunError, RunResult } from '../types.js';

/**
 * The run as newman's JSON reporter writes it (`newman run -r json`): `collection`, `environment`,
 * `globals`, and `run` with `stats`, `timings`, `executions`, `transfers`, `failures` and `error`, so
 * tooling that reads newman reports reads this one.
 */
export function newmanJsonReport(result: RunResult): Record<string, JsonValue> {
  return {
    collection: json(exportPostmanCollection(result.collection)),
    environment: scope(result.environment, 'environment'),
    globals: scope(result.globals, 'globals'),
    run: {
      stats: json(result.stats),
      timings: json(result.timings),
      // newman lists no execution for a request a pre-request script skipped.
      executions: result.executions.filter((value) => !value.skipped).map(execution),
      transfers: { responseTotal: result.transferredBytes },
      failures: result.failures.map(failure),
      error: result.error ? runError(result.error) : null,
    },
  };
}

function json(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/**
 * Values as they stand at the end of the run, as newman's summary holds them; a report is a log, so
 * secret variables' values are masked (`--export-environment` is where the values themselves go).
 */
function scope(set: Environment | Globals, kind: 'environment' | 'globals'): JsonValue {
  const options = { includeCurrentValues: true, includeSecretCurrentValues: true };
  const exported = kind === 'environment' ? exportPostmanEnvironment(set, options) : exportPostmanGlobals(set, options);
  return json({ ...exported, values: exported.values.map((value) => (value.type === 'secret' && value.value !== '' ? { ...value, value: SECRET_MASK } : value)) });
}

function cursor(value: RunCursor): Record<string, JsonValue> {
  return {
    position: value.position,
    iteration: value.iteration,
    length: value.length,
    cycles: value.iterationCount,
    empty: value.length === 0,
    eof: false,
    bof: value.position === 0 && value.iteration === 0,
    cr: false,
    ref: value.ref,
  };
}

function execution(value: Execution): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {
    cursor: cursor(value.cursor),
    item: { id: value.item.id, name: value.item.name },
    id: value.item.id,
    assertions: value.assertions.map((assertion) => ({
      assertion: assertion.assertion,
      skipped: assertion.skipped,
      ...(assertion.error ? { error: runError(assertion.error) } : {}),
    })),
  };
  if (value.request) out['request'] = request(value.request);
  if (value.response) out['response'] = response(value.response, value.item.id);
  if (value.requestError) out['requestError'] = runError(value.requestError);
  for (const event of ['prerequest', 'test'] as const) {
    const errors = value.scripts.filter((script) => script.event === event && script.error !== null);
    if (errors.length > 0) {
      out[`${event}Script`] = errors.map((script) => ({
        error: { name: script.error?.name ?? 'Error', message: script.error?.message ?? '', ...(script.error?.line === undefined ? {} : { lineNumber: script.error.line }) },
      }));
    }
  }
  return out;
}

/** Postman SDK's URL object: protocol, host and path as arrays, query rows as sent. */
function urlObject(href: string): Record<string, JsonValue> {
  const url = new URL(href);
  const search = url.search.length > 1 ? url.search.slice(1) : '';
  const query = search === '' ? [] : search.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1 ? { key: pair, value: null } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
  return {
    raw: href,
    protocol: url.protocol.replace(/:$/, ''),
    ...(url.port === '' ? {} : { port: url.port }),
    path: url.pathname.split('/').slice(1),
    host: url.hostname.split('.'),
    query,
    variable: [],
  };
}

function request(value: RequestSummary): Record<string, JsonValue> {
  return {
    url: urlObject(value.url),
    header: value.headers.map(([key, text]) => ({ key, value: text })),
    method: value.method,
    ...(value.body === undefined ? {} : { body: { mode: 'raw', raw: value.body } }),
  };
}

function response(value: ResponseSummary, id: string): Record<string, JsonValue> {
  return {
    id,
    status: value.status,
    code: value.code,
    header: value.headers.map(([key, text]) => ({ key, value: text })),
    ...(value.body ? { stream: { type: 'Buffer', data: [...value.body] } } : {}),
    cookie: [],
    responseTime: value.responseTime,
    responseSize: value.responseSize,
  };
}

function runError(error: RunError): Record<string, JsonValue> {
  const stack = error.stack ?? `${error.name}: ${error.message}`;
  return {
    name: error.name,
    message: error.message,
    ...(error.test === undefined ? {} : { test: error.test }),
    ...(error.index === undefined ? {} : { index: error.index }),
    ...(error.code === undefined ? {} : { code: error.code }),
    stack,
  };
}

function failure(value: Failure): Record<string, JsonValue> {
  return {
    error: runError(value.error),
    at: value.at,
    source: { id: value.source.id, name: value.source.name },
    parent: { id: value.parent.id, name: value.parent.name },
    cursor: cursor(value.cursor),
  };
}
