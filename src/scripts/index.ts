import { WorkerSandbox } from './worker-sandbox.js';
import type { SandboxOptions, ScriptSandbox } from './types.js';

export const DEFAULT_SCRIPT_TIMEOUT_MS = 5_000;
export const DEFAULT_SCRIPT_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * A sandbox for one run's scripts, on its own thread. Never share one between collections.
 * `withLibraries: false` leaves out require() of the bundled libraries (tests of the core).
 */
export async function createSandbox(options: SandboxOptions & { withLibraries?: boolean; preload?: readonly string[] } = {}): Promise<ScriptSandbox> {
  const withLibraries = options.withLibraries ?? true;
  return new WorkerSandbox({
    timeoutMs: options.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS,
    memoryLimitBytes: options.memoryLimitBytes ?? DEFAULT_SCRIPT_MEMORY_BYTES,
    withLibraries,
    preload: withLibraries ? (options.preload ?? ['chai']) : [],
  });
}

export { describeScriptError } from './sandbox/script-errors.js';
export type * from './types.js';
