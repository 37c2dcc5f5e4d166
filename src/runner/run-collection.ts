import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine } from '../engine/index.js';
import { defaultSettings, PosternError } from '../model/index.js';
import type { RunContext } from './context.js';
import { RunRecorder } from './recorder.js';
import { runItem } from './run-item.js';
import { hasAnyScript } from './script-step.js';
import { selectRunnableItems, type RunnableItem } from './select-items.js';
import type { RunCursor, RunError, RunOptions, RunResult } from './types.js';
import { RunVariables } from './variable-state.js';

/**
 * Runs a collection (or the chosen folders) as newman does: every request of every iteration, scripts
 * around each, `setNextRequest` jumps, bail on the first failure, a delay between requests, one cookie
 * jar for the whole run. Progress goes to `onEvent`; `signal` (or `timeoutMs`) stops the run promptly,
 * aborting the request in flight. Invalid options (an unknown folder, scripts without a sandbox) throw
 * before anything is sent; everything that goes wrong during the run is in the result.
 */
export async function runCollection(options: RunOptions): Promise<RunResult> {
  const { collection } = options;
  const items = selectRunnableItems(collection, options.folders ?? []);
  if (!options.sandbox && hasAnyScript(collection)) {
    throw new PosternError('INVALID_INPUT', `collection "${collection.name}" has scripts, and the run was given no script sandbox`);
  }
  const data = options.data ?? [];
  const iterationCount = options.iterationCount ?? Math.max(data.length, 1);
  if (!Number.isInteger(iterationCount) || iterationCount < 1) {
    throw new PosternError('INVALID_INPUT', `the iteration count must be a whole number from 1, not ${iterationCount}`, { path: 'iterationCount' });
  }

  const stopper = new RunStopper(options.signal, options.timeoutMs ?? 0);
  const engine = options.engine ?? new Engine({ cookies: options.cookies });
  const recorder = new RunRecorder();
  const variables = new RunVariables({
    environment: options.environment?.values ?? [],
    globals: options.globals?.values ?? [],
    collection: collection.variables,
  });
  const emit = options.onEvent ?? ((): void => undefined);
  const ctx: RunContext = {
    collection,
    environmentName: options.environment?.name,
    engine,
    settings: options.settings ?? defaultSettings(),
    anyHostCertificate: options.anyHostCertificate,
    variables,
    sandbox: options.sandbox,
    sendOptionsFloor: options.sendOptionsFloor ?? ((value) => value),
    recorder,
    signal: stopper.signal,
    bail: options.bail ?? false,
    workingDir: options.workingDir ?? process.cwd(),
    keepResponseBodies: options.keepResponseBodies ?? false,
    iterationCount,
    tokenCache: new Map(),
    emit,
  };

  let bailed = false;
  try {
    emit({ type: 'start', collection: { id: collection.id, name: collection.name }, iterationCount, requestCount: items.length });
    let sentAny = false;
    for (let iteration = 0; iteration < iterationCount && !stopper.signal.aborted && !bailed; iteration++) {
      variables.data = data[iteration] ?? data[data.length - 1] ?? {};
      emit({ type: 'beforeIteration', iteration, iterationCount });
      let position = 0;
      while (position < items.length && !stopper.signal.aborted) {
        if (sentAny && (options.delayRequestMs ?? 0) > 0 && !(await pause(options.delayRequestMs ?? 0, stopper.signal))) break;
        sentAny = true;
        const cursor: RunCursor = { iteration, iterationCount, position, length: items.length, ref: randomUUID() };
        const outcome = await runItem(ctx, items[position] as RunnableItem, cursor);
        if (ctx.bail && outcome.failed) {
          bailed = true;
          break;
        }
        if (outcome.nextRequest === undefined) position += 1;
        else {
          // As newman: null, or a name no request has, ends this iteration.
          const jump = outcome.nextRequest === null ? -1 : findPosition(items, outcome.nextRequest);
          position = jump === -1 ? items.length : jump;
        }
      }
      if (stopper.signal.aborted) break;
      recorder.stats.iterations.total += 1;
      emit({ type: 'iteration', iteration, iterationCount });
    }
  } finally {
    stopper.dispose();
    if (!options.engine) await engine.close();
  }

  const result: RunResult = {
    stats: recorder.stats,
    timings: recorder.timings(),
    executions: recorder.executions,
    failures: recorder.failures,
    transferredBytes: recorder.transferredBytes,
    environment: { id: options.environment?.id ?? 'environment', name: options.environment?.name ?? 'environment', values: variables.environment.snapshot() },
    globals: { id: options.globals?.id ?? 'globals', name: options.globals?.name ?? 'globals', values: variables.globals.snapshot() },
    collection: { ...collection, variables: variables.collection.snapshot() },
    stopped: stopper.reason ?? (bailed ? 'bail' : null),
    error: stopper.error(),
  };
  emit({ type: 'done', result });
  return result;
}

/** A request by id first, then by name, as Postman looks `setNextRequest` up. */
function findPosition(items: readonly RunnableItem[], wanted: string): number {
  const byId = items.findIndex((entry) => entry.item.id === wanted);
  return byId !== -1 ? byId : items.findIndex((entry) => entry.item.name === wanted);
}

/** Waits `ms`; false when the run was stopped meanwhile. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** The run's own signal: the caller's cancellation or the run's time limit, whichever comes first. */
class RunStopper {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onAbort: () => void;
  reason: 'cancelled' | 'timeout' | null = null;

  constructor(
    private readonly outer: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    this.onAbort = () => this.stop('cancelled');
    if (outer?.aborted) this.stop('cancelled');
    else outer?.addEventListener('abort', this.onAbort, { once: true });
    if (timeoutMs > 0) this.timer = setTimeout(() => this.stop('timeout'), timeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private stop(reason: 'cancelled' | 'timeout'): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.controller.abort(new PosternError('ABORTED', reason === 'timeout' ? 'the run timed out' : 'the run was cancelled'));
  }

  error(): RunError | null {
    if (this.reason === 'timeout') return { name: 'Error', message: `the run took longer than its time limit of ${this.timeoutMs} ms`, code: 'REQUEST_TIMEOUT' };
    return null;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onAbort);
  }
}
