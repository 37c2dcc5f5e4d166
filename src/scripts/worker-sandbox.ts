import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { PosternError } from '../model/index.js';
import { sandboxLibraryDirectory } from './libraries/index.js';
import { outputFromRaw } from './sandbox/quickjs-sandbox.js';
import type { FromWorker, ToWorker, WorkerSettings } from './worker/protocol.js';
import type { ScriptHost, ScriptInput, ScriptOutput, ScriptSandbox } from './types.js';

/** Native stack for the sandbox thread: far above what QuickJS's own 2 MiB limit can use. */
const WORKER_STACK_MB = 64;
/** After the script's own limit, how long the host waits before ending the thread outright. */
const GRACE_MS = 3_000;

interface PendingRun {
  readonly host: ScriptHost;
  readonly resolve: (output: ScriptOutput) => void;
  readonly input: ScriptInput;
  readonly watchdog: NodeJS.Timeout;
}

/**
 * The host's handle on a sandbox thread. Scripts run one at a time; pm.sendRequest calls come back to
 * this thread, where the engine runs. If a script overruns its limit by more than a grace period (say,
 * the garbage collector thrashing at the memory limit), the thread is terminated and a new one starts.
 */
export class WorkerSandbox implements ScriptSandbox {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly runs = new Map<number, PendingRun>();
  private nextRun = 1;
  private disposed = false;

  constructor(private readonly settings: WorkerSettings) {
    // Start the thread now, so it boots while the caller loads files and sends the first request.
    this.start().catch(() => undefined);
  }

  async run(input: ScriptInput, host: ScriptHost): Promise<ScriptOutput> {
    if (this.disposed) throw new Error('the sandbox has been disposed');
    const worker = await this.start();
    const runId = this.nextRun++;
    return new Promise<ScriptOutput>((resolve) => {
      const watchdog = setTimeout(() => this.kill(runId), this.settings.timeoutMs + GRACE_MS);
      this.runs.set(runId, { host, resolve, input, watchdog });
      const message: ToWorker = { type: 'run', runId, meta: { source: input.source, location: input.location }, inputJson: JSON.stringify(input) };
      worker.postMessage(message);
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  private start(): Promise<Worker> {
    if (this.worker && this.ready) {
      const worker = this.worker;
      return this.ready.then(() => worker);
    }
    const file = workerFile();
    const worker = new Worker(file, { workerData: this.settings, resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
    this.worker = worker;
    worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'ready') {
          resolve();
          return;
        }
        this.onMessage(message);
      };
      worker.on('message', onMessage);
      worker.once('error', (error) => {
        reject(error);
        this.failAll(`the sandbox thread failed: ${error.message}`);
      });
      worker.once('exit', () => {
        if (this.worker === worker) {
          this.worker = null;
          this.ready = null;
        }
      });
    });
    return this.ready.then(() => worker);
  }

  private onMessage(message: Exclude<FromWorker, { type: 'ready' }>): void {
    const run = this.runs.get(message.runId);
    if (!run) return;
    if (message.type === 'result') {
      clearTimeout(run.watchdog);
      this.runs.delete(message.runId);
      run.resolve(outputFromRaw(run.input, message.output));
      return;
    }
    const worker = this.worker;
    run.host.sendRequest(message.request).then(
      (response) => worker?.postMessage({ type: 'reply', runId: message.runId, requestId: message.requestId, response } satisfies ToWorker),
      (error: unknown) =>
        worker?.postMessage({
          type: 'reply',
          runId: message.runId,
          requestId: message.requestId,
          error: { message: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code },
        } satisfies ToWorker),
    );
  }

  private kill(runId: number): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    void this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    run.resolve(failedOutput(run.input, `the script did not finish within ${this.settings.timeoutMs} ms and its thread was stopped`, 'timeout'));
  }

  private failAll(message: string): void {
    for (const [runId, run] of this.runs) {
      clearTimeout(run.watchdog);
      this.runs.delete(runId);
      run.resolve(failedOutput(run.input, message, 'runtime'));
    }
  }
}

function failedOutput(input: ScriptInput, message: string, kind: 'timeout' | 'runtime'): ScriptOutput {
  return {
    tests: [],
    console: [],
    request: input.request,
    variables: input.variables,
    nextRequest: undefined,
    skipRequest: false,
    error: { kind, name: kind === 'timeout' ? 'TimeoutError' : 'SandboxError', message, location: input.location },
  };
}

/** The compiled worker entry, next to the bundled libraries under dist/. */
function workerFile(): string {
  const file = path.join(path.dirname(sandboxLibraryDirectory()), 'src', 'scripts', 'worker', 'sandbox-worker.js');
  if (!existsSync(file)) throw new PosternError('FILE_UNREADABLE', 'the script sandbox is not built; run npm run build', { file });
  return file;
}
