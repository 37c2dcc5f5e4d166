import type { ScriptInput, ScriptOutput, ScriptRequest, ScriptResponse } from '../types.js';

/** Messages between the host thread and the sandbox worker. Plain data only (structured clone). */
export type ToWorker =
  | { readonly type: 'run'; readonly runId: number; readonly input: ScriptInput }
  | { readonly type: 'reply'; readonly runId: number; readonly requestId: number; readonly response?: ScriptResponse; readonly error?: { message: string; code?: string | undefined } };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly runId: number; readonly output: ScriptOutput }
  | { readonly type: 'sendRequest'; readonly runId: number; readonly requestId: number; readonly request: ScriptRequest | string };

export interface WorkerSettings {
  readonly timeoutMs: number;
  readonly memoryLimitBytes: number;
  readonly withLibraries: boolean;
}
