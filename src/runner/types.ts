import type { CookieStore, Engine, Timings, SendOptions } from '../engine/index.js';
import type { ClientCertificate, Collection, Environment, Globals, JsonValue, Settings } from '../model/index.js';
import type { ConsoleEntry, ScriptError, ScriptEvent, ScriptSandbox } from '../scripts/types.js';

/** One row of iteration data: column (or key) → value. */
export type DataRow = Readonly<Record<string, JsonValue>>;

/** A client certificate offered to whichever host a request goes to (newman's `--ssl-client-cert`). */
export type AnyHostCertificate = Omit<ClientCertificate, 'host' | 'port' | 'enabled'>;

export interface RunOptions {
  readonly collection: Collection;
  readonly environment?: Environment | undefined;
  readonly globals?: Globals | undefined;
  /** Iteration data rows; an iteration past the last row reuses the last row, as newman does. */
  readonly data?: readonly DataRow[] | undefined;
  /** Defaults to the number of data rows, or 1. */
  readonly iterationCount?: number | undefined;
  /** Names or ids of folders (or requests) to run, in collection order; all when empty. */
  readonly folders?: readonly string[] | undefined;
  /** Engine settings (TLS, proxy, timeouts, certificates); Postern's defaults when absent. */
  readonly settings?: Settings | undefined;
  readonly anyHostCertificate?: AnyHostCertificate | undefined;
  /** Milliseconds to wait between requests. */
  readonly delayRequestMs?: number | undefined;
  /** The whole run's time limit in ms (0 or absent: none); when it passes the run stops as cancelled. */
  readonly timeoutMs?: number | undefined;
  /** Stop the run at the first failure: request error, script error or failed assertion. */
  readonly bail?: boolean | undefined;
  /** Runs the collection's scripts; required when the collection has any. The caller disposes it. */
  readonly sandbox?: ScriptSandbox | undefined;
  /**
   * Applied to every request's send options last (managed policy's TLS floor): a collection or request
   * can be stricter than this, never looser.
   */
  readonly sendOptionsFloor?: ((options: SendOptions) => SendOptions) | undefined;
  /** A shared engine (the caller closes it); else the run makes one and closes it at the end. */
  readonly engine?: Engine | undefined;
  /** The run's cookie jar when the run makes its own engine (e.g. loaded from `--cookie-jar`). */
  readonly cookies?: CookieStore | undefined;
  /** Relative file paths in request bodies resolve here; defaults to the process's directory. */
  readonly workingDir?: string | undefined;
  /** Keep response bodies in `executions` (for the JSON report); otherwise they are dropped. */
  readonly keepResponseBodies?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((event: RunEvent) => void) | undefined;
}

/** Where the run is: which iteration, which position in the list of requests. */
export interface RunCursor {
  /** 0-based. */
  readonly iteration: number;
  readonly iterationCount: number;
  /** Position of the request in the run's list. */
  readonly position: number;
  readonly length: number;
  /** Unique per item execution. */
  readonly ref: string;
}

export interface ItemRef {
  readonly id: string;
  readonly name: string;
  /** Folder names and the request name joined with ` / `. */
  readonly path: string;
}

export interface RequestSummary {
  readonly method: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body as text when it was a text body (raw, urlencoded, GraphQL). */
  readonly body?: string | undefined;
}

export interface ResponseSummary {
  readonly code: number;
  readonly status: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Milliseconds, first byte of the request to the last of the response. */
  readonly responseTime: number;
  /** Body bytes as received. */
  readonly responseSize: number;
  readonly timings: Timings;
  /** Kept only with `keepResponseBodies`. */
  readonly body?: Buffer | undefined;
}

/** A failure's error, in newman's terms. */
export interface RunError {
  readonly name: string;
  readonly message: string;
  /** The failing assertion's name. */
  readonly test?: string | undefined;
  /** The assertion's index within its script. */
  readonly index?: number | undefined;
  readonly code?: string | undefined;
  /** `test-script:3:5`-style location of script errors. */
  readonly stack?: string | undefined;
}

export interface AssertionResult {
  readonly assertion: string;
  readonly skipped: boolean;
  readonly error?: RunError | undefined;
}

export interface ScriptRunRecord {
  readonly event: ScriptEvent;
  /** Where the script lives: `Collection`, `Folder`, or `Folder / Request`. */
  readonly location: string;
  readonly error: ScriptError | null;
}

/** What one request of one iteration did. */
export interface Execution {
  readonly cursor: RunCursor;
  readonly item: ItemRef;
  readonly request?: RequestSummary | undefined;
  readonly response?: ResponseSummary | undefined;
  readonly requestError?: RunError | undefined;
  readonly assertions: readonly AssertionResult[];
  readonly scripts: readonly ScriptRunRecord[];
  /** `pm.execution.skipRequest()` was called: no request was sent. */
  readonly skipped: boolean;
}

export interface Failure {
  readonly error: RunError;
  /** `request`, `assertion:0 in test-script`, `test-script:3:5`, `prerequest-script:1:1`. */
  readonly at: string;
  readonly source: ItemRef;
  /** The folder holding the request, or the collection. */
  readonly parent: { readonly id: string; readonly name: string };
  readonly cursor: RunCursor;
}

export interface StatCounter {
  total: number;
  pending: number;
  failed: number;
}

/** newman's `run.stats`. */
export interface RunStats {
  readonly iterations: StatCounter;
  readonly items: StatCounter;
  readonly scripts: StatCounter;
  readonly prerequests: StatCounter;
  readonly requests: StatCounter;
  readonly tests: StatCounter;
  readonly assertions: StatCounter;
  readonly testScripts: StatCounter;
  readonly prerequestScripts: StatCounter;
}

/** newman's `run.timings`: Unix ms for started/completed, ms for the rest. */
export interface RunTimings {
  started: number;
  completed: number;
  responseAverage: number;
  responseMin: number;
  responseMax: number;
  responseSd: number;
  dnsAverage: number;
  dnsMin: number;
  dnsMax: number;
  dnsSd: number;
  firstByteAverage: number;
  firstByteMin: number;
  firstByteMax: number;
  firstByteSd: number;
}

export interface RunResult {
  readonly stats: RunStats;
  readonly timings: RunTimings;
  readonly executions: readonly Execution[];
  readonly failures: readonly Failure[];
  /** Response body bytes received over the run. */
  readonly transferredBytes: number;
  /** The environment as the run left it: script changes are current values. */
  readonly environment: Environment;
  readonly globals: Globals;
  /** The collection with its variables as the run left them. */
  readonly collection: Collection;
  /** The run stopped early: cancelled, out of time (`error` says so) or bailed. */
  readonly stopped: 'cancelled' | 'timeout' | 'bail' | null;
  /** A fatal problem that ended the run (e.g. its time limit). */
  readonly error: RunError | null;
}

export type RunEvent =
  | { readonly type: 'start'; readonly collection: { readonly id: string; readonly name: string }; readonly iterationCount: number; readonly requestCount: number }
  | { readonly type: 'beforeIteration'; readonly iteration: number; readonly iterationCount: number }
  | { readonly type: 'iteration'; readonly iteration: number; readonly iterationCount: number }
  | { readonly type: 'beforeItem'; readonly cursor: RunCursor; readonly item: ItemRef }
  | { readonly type: 'script'; readonly cursor: RunCursor; readonly item: ItemRef; readonly event: ScriptEvent; readonly location: string; readonly error: ScriptError | null }
  | { readonly type: 'console'; readonly cursor: RunCursor; readonly item: ItemRef; readonly entry: ConsoleEntry }
  | { readonly type: 'beforeRequest'; readonly cursor: RunCursor; readonly item: ItemRef; readonly request: RequestSummary }
  | {
      readonly type: 'request';
      readonly cursor: RunCursor;
      readonly item: ItemRef;
      readonly request?: RequestSummary | undefined;
      readonly response?: ResponseSummary | undefined;
      readonly error?: RunError | undefined;
      /** `{{names}}` no scope defined; sent as written. */
      readonly unresolved: readonly string[];
      /** One line each: an undefined variable, auth left out because a credential is empty. */
      readonly warnings: readonly string[];
    }
  | { readonly type: 'assertion'; readonly cursor: RunCursor; readonly item: ItemRef; readonly result: AssertionResult; readonly index: number }
  | { readonly type: 'item'; readonly cursor: RunCursor; readonly item: ItemRef; readonly execution: Execution }
  | { readonly type: 'done'; readonly result: RunResult };
