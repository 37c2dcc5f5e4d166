import { rm } from 'node:fs/promises';
import type { ScriptResultsView } from '../api/index.js';
import { authorize } from '../auth/index.js';
import { buildUrl, prepareRequest, resolveSendOptions, responseBytes, type HttpResponse, type SendOptions } from '../engine/index.js';
import { PosternError, type Request, type Variable } from '../model/index.js';
import { applyPolicyFloor, policyValues } from '../policy/index.js';
import {
  RunVariables,
  StoredScope,
  executeScript,
  fromScriptRequest,
  requestFromScript,
  runError,
  scriptChain,
  scriptCookies,
  toScriptRequest,
  toScriptResponse,
  type ScriptScope,
  type ScriptToRun,
} from '../runner/index.js';
import { type ScriptEvent, type ScriptHost, type ScriptOutput, type ScriptRequest, type ScriptResponse, type ScriptVariables } from '../scripts/index.js';
import { createSecretMasker, resolveRequest } from '../variables/index.js';
import { workspaceOfEnvironment, type ServiceContext } from './context.js';
import { behaviorChain, folderVariablesOf, type SendPlace } from './send-request.js';

type Place = ScriptResultsView['tests'][number]['script'];

const EVENT_NAME: Readonly<Record<ScriptEvent, string>> = { prerequest: 'pre-request script', test: 'test script' };

function placeOf(script: ScriptToRun, event: ScriptEvent): Place {
  return { level: script.level, event, location: script.location };
}

/** `pre-request script of folder "Users / Admin" (line 3)`: which script, for a person. */
function describePlace(place: Place, line: number | undefined): string {
  return `${EVENT_NAME[place.event]} of ${place.level} "${place.location}"${line === undefined ? '' : ` (line ${line})`}`;
}

/**
 * The scripts around one send, as Postman runs them: the collection's, the folders' (outermost first) and
 * the request's pre-request scripts before it is resolved, then their test scripts on the response. They
 * run in the runner's sandbox against the runner's variable scopes; what they set is written back to the
 * stored environment, globals and collection variables as current values.
 */
export class SendScripts {
  readonly variables: RunVariables;
  /** The scopes as the send found them: what persist() compares the end with. */
  private readonly start: ScriptVariables;
  private readonly results: ScriptResultsView = { tests: [], console: [], errors: [] };
  private ran = false;
  private persisted = false;
  /** One sandbox per send, started as the send begins so its start-up overlaps the request when only tests run. */
  private readonly sandbox: Promise<ScriptScope['sandbox']> | undefined;

  private constructor(
    private readonly ctx: ServiceContext,
    private readonly place: SendPlace,
    private readonly signal: AbortSignal,
    private readonly prerequests: readonly ScriptToRun[],
    private readonly testScripts: readonly ScriptToRun[],
  ) {
    this.variables = new RunVariables({
      environment: place.environment?.values ?? [],
      globals: place.globals.values,
      collection: place.collection?.variables ?? [],
    });
    this.start = this.variables.toScript();
    if (prerequests.length > 0 || testScripts.length > 0) {
      const limits = policyValues(place.settings.policy);
      this.sandbox = ctx.sandboxes.take({ isolation: ctx.scriptIsolation, timeoutMs: limits.ScriptTimeoutMs, memoryLimitBytes: limits.ScriptMemoryLimitMb * 1024 * 1024 });
      // Awaited by the first script; a send that never gets there (cancelled) must not leave it unhandled.
      this.sandbox.catch(() => undefined);
    }
  }

  /** The scripts of a send's place; fails when there are some and managed policy disables scripts. */
  static open(ctx: ServiceContext, place: SendPlace, signal: AbortSignal): SendScripts {
    const prerequests = scriptChain(place.collection, place.parents, place.item, 'prerequest');
    const tests = scriptChain(place.collection, place.parents, place.item, 'test');
    if ((prerequests.length > 0 || tests.length > 0) && policyValues(place.settings.policy).DisableScripts) {
      throw new PosternError('POLICY_LOCKED', `"${place.item.name}" has scripts, and scripts are disabled by your organisation (policy DisableScripts)`, { path: 'input.scripts' });
    }
    return new SendScripts(ctx, place, signal, prerequests, tests);
  }

  /**
   * Runs the pre-request scripts in order and returns the request as they left it. The first script that
   * fails stops the send (as in Postman): it throws SCRIPT_ERROR naming the script and line.
   */
  async prerequest(request: Request): Promise<Request> {
    if (this.prerequests.length === 0) return request;
    const original = toScriptRequest(request, this.place.item, request.auth);
    let current = original;
    const cookies = scriptCookies(this.ctx.engine.cookies, this.tryUrl(request));
    for (const script of this.prerequests) {
      const output = await this.run('prerequest', script, { request: current, cookies });
      current = output.request;
      const error = output.error;
      if (error) {
        const where = describePlace(placeOf(script, 'prerequest'), error.line);
        throw new PosternError('SCRIPT_ERROR', `${where} failed: ${error.name}: ${error.message}; the request was not sent`, {
          path: script.location,
          ...(error.line === undefined ? {} : { line: error.line }),
        });
      }
      if (output.skipRequest) throw new PosternError('ABORTED', `${describePlace(placeOf(script, 'prerequest'), undefined)} skipped the request (pm.execution.skipRequest)`);
    }
    return fromScriptRequest(request, original, current);
  }

  /** Runs every test script on the response; a script that fails is recorded and the next one still runs. */
  async tests(request: Request, response: HttpResponse): Promise<void> {
    if (this.testScripts.length === 0) return;
    const body = (await responseBytes(response.body)).toString('utf8');
    const scriptResponse = toScriptResponse(response, body);
    const scriptRequest = toScriptRequest(request, this.place.item, request.auth);
    const cookies = scriptCookies(this.ctx.engine.cookies, new URL(response.url));
    for (const script of this.testScripts) {
      if (this.signal.aborted) break;
      await this.run('test', script, { request: scriptRequest, response: scriptResponse, cookies });
    }
  }

  /** Every secret value the scopes hold now (a script may have set a new one). */
  secretValues(): string[] {
    return [...this.variables.resolver(folderVariablesOf(this.place)).secretValues()];
  }

  /** What the scripts did, console lines masked; undefined when none ran. */
  view(secrets: readonly string[]): ScriptResultsView | undefined {
    if (!this.ran) return undefined;
    const all = [...new Set([...secrets, ...this.secretValues()])];
    if (all.length === 0) return this.results;
    const mask = createSecretMasker(all);
    return {
      tests: this.results.tests.map((test) => ({ ...test, name: mask(test.name), ...(test.message === undefined ? {} : { message: mask(test.message) }) })),
      console: this.results.console.map((line) => ({ ...line, message: mask(line.message) })),
      errors: this.results.errors.map((error) => ({ ...error, message: mask(error.message) })),
    };
  }

  /**
   * Writes what the scripts changed to the store, as current values (initial values are never touched),
   * as Postman does after a send. Only the net change is applied, onto the scopes as stored now, so a
   * send that finished meanwhile keeps its own changes to other keys.
   */
  persist(): void {
    if (!this.ran || this.persisted) return;
    this.persisted = true;
    const end = this.variables.toScript();
    const { store } = this.ctx;
    const changed = (scope: 'environment' | 'globals' | 'collectionVariables'): boolean => JSON.stringify(this.start[scope]) !== JSON.stringify(end[scope]);
    const applied = (values: readonly Variable[], scope: 'environment' | 'globals' | 'collectionVariables'): Variable[] => {
      const stored = new StoredScope(values);
      stored.apply(this.start[scope], end[scope]);
      return stored.snapshot();
    };
    const environment = this.place.environment;
    if (environment && changed('environment')) {
      const fresh = store.environments.get(environment.id);
      store.environments.save(workspaceOfEnvironment(this.ctx, environment.id), { ...fresh, values: applied(fresh.values, 'environment') });
    }
    if (changed('globals')) {
      const fresh = store.environments.getGlobals(this.place.workspaceId);
      store.environments.saveGlobals(this.place.workspaceId, { ...fresh, values: applied(fresh.values, 'globals') });
    }
    const collection = this.place.collection;
    if (collection && changed('collectionVariables')) {
      const fresh = store.collections.get(collection.id);
      store.collections.update(collection.id, { variables: applied(fresh.variables, 'collectionVariables') });
    }
  }

  dispose(): void {
    void this.sandbox?.then(
      (sandbox) => sandbox.dispose(),
      () => undefined,
    );
  }

  private async run(event: ScriptEvent, script: ScriptToRun, inputs: { request: ScriptRequest; response?: ScriptResponse; cookies: ReturnType<typeof scriptCookies> }): Promise<ScriptOutput> {
    if (!this.sandbox) throw new Error('send scripts: no sandbox for a send without scripts');
    this.ran = true;
    const where = placeOf(script, event);
    let sandbox: ScriptScope['sandbox'];
    try {
      sandbox = await this.sandbox;
    } catch (error) {
      // The sandbox could not start: this script fails as any failing script does (the response is kept).
      const message = `the script sandbox could not start: ${error instanceof Error ? error.message : String(error)}`;
      this.results.errors.push({ script: where, kind: 'runtime', name: 'SandboxError', message });
      const scriptError = { kind: 'runtime' as const, name: 'SandboxError', message, location: script.location };
      return { tests: [], console: [], request: inputs.request, variables: this.variables.toScript(), nextRequest: undefined, skipRequest: false, error: scriptError };
    }
    const info = { eventName: event, iteration: 0, iterationCount: 1, requestName: this.place.item.name, requestId: this.place.item.id };
    const scope: ScriptScope = { sandbox, variables: this.variables, environmentName: this.place.environment?.name };
    const output = await executeScript(scope, info, script, { ...inputs, host: this.host() });
    for (const test of output.tests) {
      const message = test.status === 'failed' ? (test.error ? `${test.error.name}: ${test.error.message}` : test.name) : undefined;
      this.results.tests.push({ name: test.name, status: test.status, ...(message === undefined ? {} : { message }), script: where });
    }
    for (const line of output.console) this.results.console.push({ level: line.level, message: line.message, script: where });
    const error = output.error;
    if (error) {
      this.results.errors.push({
        script: where,
        kind: error.kind,
        name: error.name,
        message: error.message,
        ...(error.line === undefined ? {} : { line: error.line }),
        ...(error.column === undefined ? {} : { column: error.column }),
      });
    }
    return output;
  }

  /** `pm.sendRequest`: sent as given (no variables), with the collection's and folders' settings and this send's cancellation. */
  private host(): ScriptHost {
    const { ctx, place, signal } = this;
    return {
      async sendRequest(input: ScriptRequest | string): Promise<ScriptResponse> {
        const request = requestFromScript(input);
        const settings = place.settings;
        const options: SendOptions = applyPolicyFloor(resolveSendOptions(settings.effective, behaviorChain(place, false).chain, { signal }), settings.policy);
        try {
          let prepared = prepareRequest(request);
          if (request.auth && request.auth.type !== 'noauth') prepared = await authorize(prepared, request.auth, { send: (next) => ctx.engine.sendPrepared(next, options), now: ctx.clock });
          const response = await ctx.engine.sendPrepared(prepared, options);
          const bytes = await responseBytes(response.body);
          if (response.body.kind === 'file') await rm(response.body.path, { force: true });
          return toScriptResponse(response, bytes.toString('utf8'));
        } catch (error) {
          throw new Error(runError(error).message, { cause: error });
        }
      },
    };
  }

  /** The request's URL resolved as it stands, for `pm.cookies`; none when it is not a URL yet. */
  private tryUrl(request: Request): URL | undefined {
    try {
      const resolved = resolveRequest({ ...request, body: { mode: 'none' } }, this.variables.resolver(folderVariablesOf(this.place))).request;
      return buildUrl(resolved.url, resolved.query, resolved.pathVariables);
    } catch {
      return undefined;
    }
  }
}
