import type { RawOutput, ScriptMeta } from '../sandbox/quickjs-sandbox.js';
import type { ScriptRequest, ScriptResponse } from '../types.js';

/** Messages between the host thread and the sandbox worker. Plain data only (structured clone). */
export type ToWorker =
  /** The input travels as JSON text: one stringify here, one parse inside QuickJS, nothing in between. */
  | { readonly type: 'run'; readonly runId: number; readonly meta: ScriptMeta; readonly inputJson: string }
  | { readonly type: 'reply'; readonly runId: number; readonly requestId: number; readonly response?: ScriptResponse; readonly error?: { message: string; code?: string | undefined } };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly runId: number; readonly output: RawOutput }
  | { readonly type: 'sendRequest'; readonly runId: number; readonly requestId: number; readonly request: ScriptRequest | string };

export interface WorkerSettings {
  readonly timeoutMs: number;
  readonly memoryLimitBytes: number;
  readonly withLibraries: boolean;
  /** Libraries to load while the thread is otherwise idle (chai: nearly every test script uses it). */
  readonly preload: readonly string[];
}
