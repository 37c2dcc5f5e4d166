import type { Collection, Scripts } from '../model/index.js';
import type { ScriptCookie, ScriptEvent, ScriptHost, ScriptInfo, ScriptInput, ScriptOutput, ScriptRequest, ScriptResponse, ScriptSandbox, ScriptVariables } from '../scripts/types.js';
import { createSecretMasker } from '../variables/index.js';
import type { RunContext } from './context.js';
import { folderVariables } from './send-step.js';
import type { RunnableItem } from './select-items.js';
import type { AssertionResult, RunCursor, RunError, ScriptRunRecord } from './types.js';
import type { RunVariables } from './variable-state.js';

/** Which level of the collection a script belongs to. */
export type ScriptLevel = 'collection' | 'folder' | 'request';

/** One script to run for an item: its source and where it lives. */
export interface ScriptToRun {
  readonly source: string;
  readonly location: string;
  readonly level: ScriptLevel;
}

/** A level that can hold scripts: the collection, a folder or the request item. */
interface ScriptHolder {
  readonly name: string;
  readonly scripts: Scripts;
}

/**
 * The scripts of one event for an item, in Postman's order: collection, folders outermost first, request.
 * A request outside any collection has no collection level.
 */
export function scriptChain(collection: ScriptHolder | undefined, parents: readonly ScriptHolder[], item: ScriptHolder, event: ScriptEvent): ScriptToRun[] {
  const out: ScriptToRun[] = [];
  const add = (source: string | undefined, location: string, level: ScriptLevel): void => {
    if (source !== undefined && source.trim() !== '') out.push({ source, location, level });
  };
  if (collection) add(collection.scripts[event], collection.name, 'collection');
  const path: string[] = [];
  for (const folder of parents) {
    path.push(folder.name);
    add(folder.scripts[event], path.join(' / '), 'folder');
  }
  add(item.scripts[event], [...path, item.name].join(' / '), 'request');
  return out;
}

/** Whether any level of the collection has a script: a run without any needs no sandbox. */
export function hasAnyScript(collection: Collection): boolean {
  const has = (scripts: { prerequest?: string | undefined; test?: string | undefined }): boolean =>
    (scripts.prerequest ?? '').trim() !== '' || (scripts.test ?? '').trim() !== '';
  const walk = (items: Collection['items']): boolean =>
    items.some((item) => has(item.scripts) || (item.kind === 'folder' && walk(item.items)));
  return has(collection.scripts) || walk(collection.items);
}

/** What a script step leaves for the rest of the item. */
export interface ItemScriptState {
  readonly assertions: AssertionResult[];
  readonly scripts: ScriptRunRecord[];
  failed: boolean;
}

const EVENT_LABEL: Readonly<Record<ScriptEvent, string>> = { prerequest: 'pre-request script', test: 'test script' };

/** What one script runs with, apart from any run's bookkeeping: the sandbox and the scopes it reads and writes. */
export interface ScriptScope {
  readonly sandbox: ScriptSandbox;
  readonly variables: RunVariables;
  readonly environmentName: string | undefined;
}

/** What a script is handed besides the variables. */
export interface ScriptInputs {
  readonly request: ScriptRequest;
  readonly response?: ScriptResponse | undefined;
  readonly cookies: ScriptCookie[];
  readonly host: ScriptHost;
}

/**
 * Runs one script in the sandbox and writes its variable changes into the scopes. A sandbox that fails
 * (not the script) is reported as the script's error, so the caller always gets an output.
 */
export async function executeScript(scope: ScriptScope, info: ScriptInfo, script: ScriptToRun, inputs: ScriptInputs): Promise<ScriptOutput> {
  const event = info.eventName;
  const before = scope.variables.toScript();
  const input: ScriptInput = {
    event,
    source: script.source,
    location: `${script.location} (${EVENT_LABEL[event]})`,
    info,
    request: inputs.request,
    ...(inputs.response ? { response: inputs.response } : {}),
    variables: scope.variables.toScript(),
    ...(scope.environmentName === undefined ? {} : { environmentName: scope.environmentName }),
    cookies: inputs.cookies,
  };
  let output: ScriptOutput;
  try {
    output = await scope.sandbox.run(input, inputs.host);
  } catch (error) {
    output = sandboxFailure(input, before, error);
  }
  scope.variables.apply(before, output.variables);
  return output;
}

/**
 * Runs one script and writes back what it did: variables into the run's scopes, console lines, tests as
 * assertions, and a failure for an error (with its line and column) or each failed assertion. A failing
 * script does not stop the run (unless it bails).
 */
export async function runScript(
  ctx: RunContext,
  entry: RunnableItem,
  cursor: RunCursor,
  state: ItemScriptState,
  event: ScriptEvent,
  script: ScriptToRun,
  inputs: ScriptInputs,
): Promise<ScriptOutput> {
  const sandbox = ctx.sandbox;
  if (!sandbox) throw new Error('runner: a script sandbox is required to run scripts');
  const info: ScriptInfo = { eventName: event, iteration: cursor.iteration, iterationCount: cursor.iterationCount, requestName: entry.item.name, requestId: entry.item.id };
  // A sandbox failure comes back as the script's error: that script fails, the run goes on.
  const output = await executeScript({ sandbox, variables: ctx.variables, environmentName: ctx.environmentName }, info, script, inputs);

  const { stats, failures } = ctx.recorder;
  stats.scripts.total += 1;
  const scriptStat = event === 'test' ? stats.testScripts : stats.prerequestScripts;
  scriptStat.total += 1;
  if (output.console.length > 0) {
    // A script may log a secret; what it prints is masked like everything else the run shows.
    const secrets = ctx.variables.resolver(folderVariables(entry)).secretValues();
    const mask = secrets.length > 0 ? createSecretMasker(secrets) : (text: string): string => text;
    for (const line of output.console) ctx.emit({ type: 'console', cursor, item: entry.ref, entry: { level: line.level, message: mask(line.message) } });
  }

  output.tests.forEach((test, index) => {
    const skipped = test.status === 'skipped';
    const error: RunError | undefined =
      test.status === 'failed'
        ? { name: test.error?.name ?? 'AssertionError', message: test.error?.message ?? test.name, test: test.name, index }
        : undefined;
    const result: AssertionResult = { assertion: test.name, skipped, ...(error ? { error } : {}) };
    state.assertions.push(result);
    stats.assertions.total += 1;
    if (error) {
      stats.assertions.failed += 1;
      state.failed = true;
      failures.push({ error, at: `assertion:${index} in ${event}-script`, source: entry.ref, parent: entry.parent, cursor });
    }
    ctx.emit({ type: 'assertion', cursor, item: entry.ref, result, index });
  });

  const scriptError = output.error;
  if (scriptError) {
    stats.scripts.failed += 1;
    scriptStat.failed += 1;
    state.failed = true;
    const position = scriptError.line === undefined ? '' : `:${scriptError.line}${scriptError.column === undefined ? '' : `:${scriptError.column}`}`;
    failures.push({
      error: { name: scriptError.name, message: scriptError.message, stack: `${scriptError.location}${position}` },
      at: `${event}-script${position}`,
      source: entry.ref,
      parent: entry.parent,
      cursor,
    });
  }
  state.scripts.push({ event, location: script.location, error: scriptError });
  ctx.emit({ type: 'script', cursor, item: entry.ref, event, location: script.location, error: scriptError });
  return output;
}

function sandboxFailure(input: ScriptInput, variables: ScriptVariables, error: unknown): ScriptOutput {
  const message = error instanceof Error ? error.message : String(error);
  return {
    tests: [],
    console: [],
    request: input.request,
    variables,
    nextRequest: undefined,
    skipRequest: false,
    error: { kind: 'runtime', name: 'SandboxError', message: `the script sandbox failed: ${message}`, location: input.location },
  };
}
