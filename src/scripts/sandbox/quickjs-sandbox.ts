import { randomBytes } from 'node:crypto';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import { CHAI_POSTMAN_PRELUDE } from '../prelude/chai-postman.js';
import { PM_PRELUDE, legacyGlobalsUsed, wrapScript } from '../prelude/pm.js';
import { RUNTIME_PRELUDE } from '../prelude/runtime.js';
import { SDK_PRELUDE } from '../prelude/sdk.js';
import type { ScriptError, ScriptHost, ScriptInput, ScriptOutput, ScriptRequest, ScriptSandbox } from '../types.js';
import { scriptError } from './script-errors.js';

export interface LibraryProvider {
  names(): readonly string[];
  source(name: string): string | undefined;
}

export interface SandboxSettings {
  readonly timeoutMs: number;
  readonly memoryLimitBytes: number;
  readonly libraries: LibraryProvider;
  /**
   * QuickJS's own stack limit. Its WebAssembly frames also use the thread's native stack, so this must
   * stay well inside it: 2 MiB on the sandbox thread (64 MiB native), 256 KiB on a host thread (~1 MiB).
   */
  readonly maxStackBytes: number;
}

export const THREAD_STACK_BYTES = 2 * 1024 * 1024;
export const INLINE_STACK_BYTES = 256 * 1024;

type VmEvent = { kind: 'timer'; id: number } | { kind: 'resolve' | 'reject'; id: number; payload: string };

/** The state of the script being run; host functions called from inside act on it. */
interface ActiveRun {
  readonly host: ScriptHost;
  readonly events: VmEvent[];
  readonly timers: Map<number, NodeJS.Timeout>;
  readonly requests: Set<number>;
  wake: (() => void) | null;
}

const SCRIPT_FILE = 'script.js';
const PRELUDES = [RUNTIME_PRELUDE, SDK_PRELUDE, CHAI_POSTMAN_PRELUDE, PM_PRELUDE];
const SETUP_BUDGET_MS = 10_000;
const MAX_COMPILED_SCRIPTS = 500;

interface Entries {
  readonly begin: QuickJSHandle;
  readonly invoke: QuickJSHandle;
  readonly end: QuickJSHandle;
  readonly deliver: QuickJSHandle;
}

/**
 * A QuickJS (WebAssembly) world for one run's scripts. The script sees only what the preludes define;
 * host functions take and return strings and numbers, never host objects. The context is thrown away
 * after a timeout or an out-of-memory, and the next script gets a fresh one.
 */
export class QuickJsSandbox implements ScriptSandbox {
  private runtime: QuickJSRuntime | null = null;
  private context: QuickJSContext | null = null;
  /** The preludes' entry points, looked up once per context and called directly. */
  private entries: Entries | null = null;
  /** Compiled scripts by source: a collection's scripts run many times in a run, compiled once. */
  private readonly compiled = new Map<string, QuickJSHandle>();
  private readonly legacy = new Map<string, string>();
  private active: ActiveRun | null = null;
  private disposed = false;

  constructor(
    private readonly module: QuickJSWASMModule,
    private readonly settings: SandboxSettings,
  ) {}

  async run(input: ScriptInput, host: ScriptHost): Promise<ScriptOutput> {
    const raw = await this.runRaw({ source: input.source, location: input.location }, JSON.stringify(input), host);
    return outputFromRaw(input, raw);
  }

  /**
   * Runs a script given as JSON text and answers with the JSON text the script's results make. Across
   * threads only strings travel: no object graph is cloned or parsed twice.
   */
  async runRaw(meta: ScriptMeta, inputJson: string, host: ScriptHost): Promise<RawOutput> {
    if (this.disposed) throw new Error('the sandbox has been disposed');
    if (this.active) throw new Error('one script at a time per sandbox');
    const context = this.ensureContext();
    const runtime = this.runtime as QuickJSRuntime;
    const active: ActiveRun = { host, events: [], timers: new Map(), requests: new Set(), wake: null };
    this.active = active;
    const deadline = Date.now() + this.settings.timeoutMs;
    runtime.setInterruptHandler(() => Date.now() > deadline);
    let poisoned = false;
    try {
      const entries = this.entries as Entries;
      this.callOrThrow(context, entries.begin, context.newString(inputJson), context.newString(this.legacyNames(meta.source)));
      let error: ScriptError | null = this.invokeScript(context, entries, meta);
      while (!error) {
        const jobs = runtime.executePendingJobs();
        if (jobs.error) {
          error = this.toError(context, jobs.error, meta.location);
          break;
        }
        if (active.timers.size === 0 && active.requests.size === 0 && active.events.length === 0) break;
        const event = await this.nextEvent(active, deadline);
        if (!event) {
          error = { kind: 'timeout', name: 'TimeoutError', message: `the script did not finish within ${this.settings.timeoutMs} ms`, location: meta.location };
          break;
        }
        error = this.deliver(context, active, event, meta.location);
      }
      if (error && (error.kind === 'timeout' || error.kind === 'memory')) poisoned = true;
      return { results: this.collect(context, runtime), error };
    } catch (fatal) {
      poisoned = true;
      const message = fatal instanceof Error ? fatal.message : String(fatal);
      return { results: null, error: { kind: /memory/i.test(message) ? 'memory' : 'runtime', name: 'SandboxError', message, location: meta.location } };
    } finally {
      for (const timer of active.timers.values()) clearTimeout(timer);
      this.active = null;
      if (poisoned) this.resetContext();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.resetContext();
  }

  /** Creates the context and loads libraries ahead of the first script; failures are left for then. */
  preload(names: readonly string[]): void {
    if (this.disposed || this.active) return;
    const context = this.ensureContext();
    const until = Date.now() + SETUP_BUDGET_MS;
    (this.runtime as QuickJSRuntime).setInterruptHandler(() => Date.now() > until);
    for (const name of names) {
      const result = context.evalCode(`require(${JSON.stringify(name)}); undefined`, 'postern-preload.js');
      (result.error ?? result.value).dispose();
    }
  }

  /** The script's results as JSON text, or null when they cannot be collected. */
  private collect(context: QuickJSContext, runtime: QuickJSRuntime): string | null {
    // Collecting results gets its own short budget: the script's may be spent.
    const collectBy = Date.now() + 1000;
    runtime.setInterruptHandler(() => Date.now() > collectBy);
    const result = context.callFunction((this.entries as Entries).end, context.undefined);
    if (result.error) {
      result.error.dispose();
      return null;
    }
    const text = context.getString(result.value);
    result.value.dispose();
    return text;
  }

  private legacyNames(source: string): string {
    let names = this.legacy.get(source);
    if (names === undefined) {
      names = legacyGlobalsUsed(source);
      if (this.legacy.size >= MAX_COMPILED_SCRIPTS) this.legacy.clear();
      this.legacy.set(source, names);
    }
    return names;
  }

  /** Compiles the script once (by source) and calls it with this run's pm and legacy globals. */
  private invokeScript(context: QuickJSContext, entries: Entries, input: ScriptMeta): ScriptError | null {
    let fn = this.compiled.get(input.source);
    if (!fn) {
      const compiled = context.evalCode(wrapScript(input.source), SCRIPT_FILE);
      if (compiled.error) return this.toError(context, compiled.error, input.location, input.source);
      fn = compiled.value;
      if (this.compiled.size >= MAX_COMPILED_SCRIPTS) {
        const [oldest, handle] = this.compiled.entries().next().value as [string, QuickJSHandle];
        this.compiled.delete(oldest);
        handle.dispose();
      }
      this.compiled.set(input.source, fn);
    }
    const result = context.callFunction(entries.invoke, context.undefined, fn);
    if (result.error) return this.toError(context, result.error, input.location);
    result.value.dispose();
    return null;
  }

  private toError(context: QuickJSContext, handle: QuickJSHandle, location: string, source?: string): ScriptError {
    const dumped: unknown = context.dump(handle);
    handle.dispose();
    const error = scriptError(dumped, location, SCRIPT_FILE, 0);
    // The wrapper's closing line follows the script: an error "after the end" belongs to its last line.
    if (source !== undefined && error.line !== undefined) {
      const lines = source.split('\n').length;
      if (error.line > lines) return { ...error, line: lines };
    }
    return error;
  }

  private deliver(context: QuickJSContext, active: ActiveRun, event: VmEvent, location: string): ScriptError | null {
    if (event.kind === 'timer') active.timers.delete(event.id);
    else active.requests.delete(event.id);
    const args = [context.newString(event.kind), context.newNumber(event.id), event.kind === 'timer' ? context.null : context.newString(event.payload)];
    const result = context.callFunction((this.entries as Entries).deliver, context.undefined, ...args);
    for (const arg of args) arg.dispose();
    if (result.error) return this.toError(context, result.error, location);
    result.value.dispose();
    return null;
  }

  private nextEvent(active: ActiveRun, deadline: number): Promise<VmEvent | null> {
    const ready = active.events.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        active.wake = null;
        resolve(null);
      }, Math.max(0, deadline - Date.now()));
      active.wake = () => {
        clearTimeout(timeout);
        active.wake = null;
        resolve(active.events.shift() ?? null);
      };
    });
  }

  private push(active: ActiveRun, event: VmEvent): void {
    if (this.active !== active) return; // a late answer for a script that has ended
    active.events.push(event);
    active.wake?.();
  }

  private ensureContext(): QuickJSContext {
    if (this.context) return this.context;
    const runtime = this.module.newRuntime();
    runtime.setMemoryLimit(this.settings.memoryLimitBytes);
    // Runaway recursion must be an error in the script, never a native stack overflow in the host.
    runtime.setMaxStackSize(this.settings.maxStackBytes);
    const context = runtime.newContext();
    this.runtime = runtime;
    this.context = context;
    this.installHost(context);
    const setupBy = Date.now() + SETUP_BUDGET_MS;
    runtime.setInterruptHandler(() => Date.now() > setupBy);
    for (const prelude of PRELUDES) this.evalOrThrow(context, prelude);
    this.entries = {
      begin: context.getProp(context.global, '__posternBegin'),
      invoke: context.getProp(context.global, '__posternInvoke'),
      end: context.getProp(context.global, '__posternEnd'),
      deliver: context.getProp(context.global, '__posternDeliver'),
    };
    return context;
  }

  private resetContext(): void {
    // After a failure inside QuickJS, disposing may itself fail; the next script gets a new world anyway.
    try {
      for (const handle of this.compiled.values()) handle.dispose();
      if (this.entries) for (const handle of Object.values(this.entries)) handle.dispose();
      this.context?.dispose();
      this.runtime?.dispose();
    } catch {
      // The broken runtime's memory is left to the garbage collector with the module's heap.
    }
    this.compiled.clear();
    this.entries = null;
    this.context = null;
    this.runtime = null;
  }

  private callOrThrow(context: QuickJSContext, fn: QuickJSHandle, ...args: QuickJSHandle[]): void {
    const result = context.callFunction(fn, context.undefined, ...args);
    for (const arg of args) arg.dispose();
    if (result.error) {
      const dumped: unknown = context.dump(result.error);
      result.error.dispose();
      throw new Error(`sandbox entry failed: ${JSON.stringify(dumped)}`);
    }
    result.value.dispose();
  }

  private evalOrThrow(context: QuickJSContext, code: string): void {
    const result = context.evalCode(code, 'postern-prelude.js');
    if (result.error) {
      const dumped: unknown = context.dump(result.error);
      result.error.dispose();
      throw new Error(`sandbox setup failed: ${JSON.stringify(dumped)}`);
    }
    result.value.dispose();
  }

  /** The only doors out of the sandbox. Each takes and returns primitives. */
  private installHost(context: QuickJSContext): void {
    const hostObject = context.newObject();
    const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined): void => {
      const handle = context.newFunction(name, fn);
      context.setProp(hostObject, name, handle);
      handle.dispose();
    };
    define('setTimer', (idHandle, msHandle) => {
      const active = this.active;
      if (!active || !idHandle || !msHandle) return undefined;
      const id = context.getNumber(idHandle);
      const ms = Math.min(Math.max(0, context.getNumber(msHandle)), this.settings.timeoutMs + 1);
      active.timers.set(id, setTimeout(() => this.push(active, { kind: 'timer', id }), ms));
      return undefined;
    });
    define('clearTimer', (idHandle) => {
      const active = this.active;
      if (!active || !idHandle) return undefined;
      const id = context.getNumber(idHandle);
      clearTimeout(active.timers.get(id));
      active.timers.delete(id);
      return undefined;
    });
    define('sendRequest', (idHandle, jsonHandle) => {
      const active = this.active;
      if (!active || !idHandle || !jsonHandle) return undefined;
      const id = context.getNumber(idHandle);
      active.requests.add(id);
      const answer = (kind: 'resolve' | 'reject', payload: unknown): void => this.push(active, { kind, id, payload: JSON.stringify(payload) });
      let request: ScriptRequest;
      try {
        request = checkScriptRequest(JSON.parse(context.getString(jsonHandle)) as ScriptRequest);
      } catch (error) {
        queueMicrotask(() => answer('reject', { message: (error as Error).message }));
        return undefined;
      }
      active.host.sendRequest(request).then(
        (response) => answer('resolve', response),
        (error: unknown) => answer('reject', { message: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code }),
      );
      return undefined;
    });
    define('loadLibrary', (nameHandle) => {
      const name = nameHandle ? context.getString(nameHandle) : '';
      const source = this.settings.libraries.source(name);
      return source === undefined ? context.undefined : context.newString(source);
    });
    define('libraryNames', () => context.newString(this.settings.libraries.names().join(', ')));
    define('randomBytes', (countHandle) => {
      const count = countHandle ? Math.min(65536, Math.max(0, Math.floor(context.getNumber(countHandle)))) : 0;
      return context.newString(randomBytes(count).toString('hex'));
    });
    context.setProp(context.global, '__posternHost', hostObject);
    hostObject.dispose();
  }
}

/** Scripts may not make the host read local files: no file bodies, no file form fields. */
function checkScriptRequest(request: ScriptRequest): ScriptRequest {
  if (typeof request.url !== 'string' || request.url === '') throw new Error('pm.sendRequest needs a URL');
  if (request.body.mode === 'file') throw new Error('pm.sendRequest cannot send a file from disk');
  if (request.body.mode === 'formdata' && request.body.formdata.some((f) => f.type === 'file')) {
    throw new Error('pm.sendRequest cannot send form fields from files on disk');
  }
  return request;
}

/** What a script run needs to know besides its JSON input. */
export interface ScriptMeta {
  readonly source: string;
  readonly location: string;
}

/** A run's results as the sandbox made them: JSON text from inside, and the script's error. */
export interface RawOutput {
  readonly results: string | null;
  readonly error: ScriptError | null;
}

/** The script's output: what it sent back, and the input's request and variables where it left them. */
export function outputFromRaw(input: ScriptInput, raw: RawOutput): ScriptOutput {
  if (raw.results === null) return emptyOutput(input, raw.error);
  const parsed = JSON.parse(raw.results) as Omit<ScriptOutput, 'error' | 'request' | 'variables'> & Partial<Pick<ScriptOutput, 'request' | 'variables'>>;
  return {
    tests: parsed.tests,
    console: parsed.console,
    request: input.event === 'prerequest' && parsed.request ? parsed.request : input.request,
    variables: parsed.variables ?? input.variables,
    nextRequest: parsed.nextRequest,
    skipRequest: parsed.skipRequest,
    error: raw.error,
  };
}

function emptyOutput(input: ScriptInput, error: ScriptError | null): ScriptOutput {
  return { tests: [], console: [], request: input.request, variables: input.variables, nextRequest: undefined, skipRequest: false, error };
}
