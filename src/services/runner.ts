import { randomUUID } from 'node:crypto';
import type { ParsedInputOf, RunEventView } from '../api/index.js';
import { toWireError } from '../api/index.js';
import { PosternError, type Collection, type Item, type Variable } from '../model/index.js';
import { applyPolicyFloor, policyValues } from '../policy/index.js';
import { hasAnyScript, parseDataFile, runCollection, selectRunnableItems, type RunEvent, type RunResult } from '../runner/index.js';
import { createSandbox, type ScriptSandbox } from '../scripts/index.js';
import { createSecretMasker } from '../variables/index.js';
import { workspaceOfCollection, type ServiceContext } from './context.js';
import { effectiveSettings } from './effective-settings.js';
import type { GroupHandlers } from './handlers.js';
import { runEventView } from './run-events.js';
import { secretValuesOf } from './variable-views.js';

type StartInput = ParsedInputOf<'runner.start'>;

function folderVariables(items: readonly Item[]): Variable[] {
  return items.flatMap((item) => (item.kind === 'folder' ? [...item.variables, ...folderVariables(item.items)] : []));
}

const ZERO = { total: 0, pending: 0, failed: 0 };

/** The `done` event of a run that could not start or broke down: one error, nothing counted. */
function brokenDone(error: unknown, mask: (text: string) => string): RunEventView {
  const wire = toWireError(error);
  return {
    type: 'done',
    stats: { iterations: ZERO, items: ZERO, requests: ZERO, assertions: ZERO, testScripts: ZERO, prerequestScripts: ZERO },
    failures: [],
    durationMs: 0,
    stopped: null,
    error: { name: 'Error', message: mask(wire.message), code: wire.code },
  };
}

/** Script changes to current values, written back to the environment and globals (`persistVariables`). */
function persist(ctx: ServiceContext, workspaceId: string, input: StartInput, result: RunResult): void {
  if (input.environmentId !== null) {
    const stored = ctx.store.environments.get(input.environmentId);
    ctx.store.environments.save(workspaceId, { ...stored, values: result.environment.values });
  }
  const globals = ctx.store.environments.getGlobals(workspaceId);
  ctx.store.environments.saveGlobals(workspaceId, { ...globals, values: result.globals.values });
}

/**
 * Start a run in the background. Everything that can be checked before the first request is checked
 * here (ids, selection, data file, policy), so a bad start is an error to the caller, not an event.
 */
function startRun(ctx: ServiceContext, input: StartInput): string {
  const collection: Collection = ctx.store.collections.get(input.collectionId);
  const workspaceId = workspaceOfCollection(ctx, input.collectionId);
  const environment = input.environmentId === null ? undefined : ctx.store.environments.get(input.environmentId);
  const globals = ctx.store.environments.getGlobals(workspaceId);
  selectRunnableItems(collection, input.itemIds);
  const data = input.data ? parseDataFile(input.data.text, input.data.fileName) : undefined;
  const state = effectiveSettings(ctx);
  const limits = policyValues(state.policy);
  const needsScripts = hasAnyScript(collection);
  if (needsScripts && limits.DisableScripts) {
    throw new PosternError('POLICY_LOCKED', `collection "${collection.name}" has scripts, and scripts are disabled by your organisation (policy DisableScripts)`, { path: 'input.collectionId' });
  }
  const secrets = secretValuesOf(globals.values, environment?.values, collection.variables, folderVariables(collection.items));
  const mask = secrets.length > 0 ? createSecretMasker(secrets) : (text: string): string => text;
  const runId = randomUUID();
  const controller = new AbortController();
  const send = (event: RunEventView): void => ctx.events.emit('runner.progress', { runId, event });
  let done: RunEventView | undefined;
  const onEvent = (event: RunEvent): void => {
    const view = runEventView(event, mask);
    // `done` waits until variables are written back, so a listener that reads them sees the new values.
    if (view?.type === 'done') done = view;
    else if (view) send(view);
  };

  const finished = (async (): Promise<void> => {
    let sandbox: ScriptSandbox | undefined;
    try {
      sandbox = needsScripts
        ? await createSandbox({ isolation: ctx.scriptIsolation, timeoutMs: limits.ScriptTimeoutMs, memoryLimitBytes: limits.ScriptMemoryLimitMb * 1024 * 1024 })
        : undefined;
      const result = await runCollection({
        collection,
        environment,
        globals,
        data,
        ...(input.iterationCount === undefined ? {} : { iterationCount: input.iterationCount }),
        folders: input.itemIds,
        settings: state.effective,
        delayRequestMs: input.delayRequestMs,
        ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
        bail: input.bail,
        sandbox,
        sendOptionsFloor: (options) => applyPolicyFloor(options, state.policy),
        signal: controller.signal,
        onEvent,
      });
      if (input.persistVariables) persist(ctx, workspaceId, input, result);
      send(done ?? brokenDone(new PosternError('STORE_FAILURE', 'the run ended without a result'), mask));
    } catch (error) {
      send(done ?? brokenDone(error, mask));
    } finally {
      sandbox?.dispose();
      ctx.runs.delete(runId);
    }
  })();
  ctx.runs.set(runId, { controller, finished });
  return runId;
}

/** `runner.*`: collection runs with progress streamed as `runner.progress` events. */
export const runnerHandlers: GroupHandlers<'runner'> = {
  'runner.start': async (ctx, input) => ({ runId: startRun(ctx, input) }),
  'runner.cancel': async (ctx, input) => {
    const run = ctx.runs.get(input.runId);
    if (!run) return { cancelled: false };
    run.controller.abort();
    return { cancelled: true };
  },
};
