import { SANDBOX_LIBRARIES, librarySource } from './libraries/index.js';
import { quickJs } from './sandbox/quickjs.js';
import { INLINE_STACK_BYTES, QuickJsSandbox, type LibraryProvider } from './sandbox/quickjs-sandbox.js';
import { WorkerSandbox } from './worker-sandbox.js';
import type { SandboxOptions, ScriptSandbox } from './types.js';

export const DEFAULT_SCRIPT_TIMEOUT_MS = 5_000;
export const DEFAULT_SCRIPT_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * Where the QuickJS world runs. Both keep scripts in QuickJS with the same limits and the same API.
 * - `thread` (default): on its own thread, with a large native stack; a script that overruns its
 *   limit by a grace period (say, the garbage collector thrashing at the memory limit) has its thread
 *   terminated. For long-lived hosts: the desktop app.
 * - `inline`: on the calling thread, saving a thread hop per script (about 0.3 ms). Time, memory and
 *   stack limits still hold; what it gives up is the hard stop. For short-lived runs: `postern run`.
 */
export type SandboxIsolation = 'thread' | 'inline';

export interface CreateSandboxOptions extends SandboxOptions {
  readonly isolation?: SandboxIsolation;
  /** false leaves out require() of the bundled libraries (tests of the core). */
  readonly withLibraries?: boolean;
  /** Libraries to load before the first script (thread isolation loads them while idle). */
  readonly preload?: readonly string[];
}

const NO_LIBRARIES: LibraryProvider = { names: () => [], source: () => undefined };
const BUNDLED: LibraryProvider = { names: () => SANDBOX_LIBRARIES, source: librarySource };

/** A sandbox for one run's scripts. Never share one between collections. */
export async function createSandbox(options: CreateSandboxOptions = {}): Promise<ScriptSandbox> {
  const withLibraries = options.withLibraries ?? true;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS;
  const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_SCRIPT_MEMORY_BYTES;
  const preload = withLibraries ? (options.preload ?? ['chai']) : [];
  if (options.isolation === 'inline') {
    const sandbox = new QuickJsSandbox(await quickJs(), { timeoutMs, memoryLimitBytes, libraries: withLibraries ? BUNDLED : NO_LIBRARIES, maxStackBytes: INLINE_STACK_BYTES });
    return sandbox;
  }
  return new WorkerSandbox({ timeoutMs, memoryLimitBytes, withLibraries, preload });
}

export { describeScriptError } from './sandbox/script-errors.js';
export type * from './types.js';
