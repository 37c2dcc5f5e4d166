/**
 * The sandbox's own thread. QuickJS runs here, on a thread with a large native stack (QuickJS's
 * WebAssembly frames use it), so the host thread never shares a stack or an event loop with scripts
 * and can end this thread outright if a script runs away.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SANDBOX_LIBRARIES, librarySource } from '../libraries/index.js';
import { quickJs } from '../sandbox/quickjs.js';
import { QuickJsSandbox, THREAD_STACK_BYTES, type LibraryProvider } from '../sandbox/quickjs-sandbox.js';
import type { ScriptHost, ScriptResponse } from '../types.js';
import type { FromWorker, ToWorker, WorkerSettings } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('sandbox-worker runs only as a worker thread');
const settings = workerData as WorkerSettings;
const libraries: LibraryProvider = settings.withLibraries ? { names: () => SANDBOX_LIBRARIES, source: librarySource } : { names: () => [], source: () => undefined };

const pending = new Map<string, { resolve: (r: ScriptResponse) => void; reject: (e: Error) => void }>();
let nextRequest = 1;
const send = (message: FromWorker): void => port.postMessage(message);

const sandbox = new QuickJsSandbox(await quickJs(), { timeoutMs: settings.timeoutMs, memoryLimitBytes: settings.memoryLimitBytes, libraries, maxStackBytes: THREAD_STACK_BYTES });

port.on('message', (message: ToWorker) => {
  if (message.type === 'reply') {
    const key = `${message.runId}:${message.requestId}`;
    const waiter = pending.get(key);
    pending.delete(key);
    if (!waiter) return;
    if (message.response) waiter.resolve(message.response);
    else {
      const error = new Error(message.error?.message ?? 'the request failed') as Error & { code?: string };
      if (message.error?.code) error.code = message.error.code;
      waiter.reject(error);
    }
    return;
  }
  const { runId, meta, inputJson } = message;
  const host: ScriptHost = {
    sendRequest(request) {
      const requestId = nextRequest++;
      return new Promise<ScriptResponse>((resolve, reject) => {
        pending.set(`${runId}:${requestId}`, { resolve, reject });
        send({ type: 'sendRequest', runId, requestId, request });
      });
    },
  };
  void sandbox.runRaw(meta, inputJson, host).then((output) => send({ type: 'result', runId, output }));
});

send({ type: 'ready' });
// Warm up after saying ready: a run that arrives meanwhile simply waits for this to finish.
setImmediate(() => sandbox.preload(settings.preload));
