import type { Auth, Body, JsonValue } from '../model/index.js';

/**
 * The contract between the sandbox and whoever runs scripts (the runner, the desktop app). Everything
 * that crosses into or out of the sandbox is plain JSON: the script works on copies, never on host
 * objects, so nothing it does can reach or pollute the host.
 */

export type ScriptEvent = 'prerequest' | 'test';

export interface ScriptHeader {
  key: string;
  value: string;
  disabled?: boolean;
}

/** The request as scripts see it (`pm.request`); a pre-request script may change it. */
export interface ScriptRequest {
  id?: string;
  name?: string;
  method: string;
  /** The full URL, query included, `{{variables}}` unresolved as in Postman. */
  url: string;
  headers: ScriptHeader[];
  body: Body;
  auth?: Auth;
}

/** The response as test scripts see it (`pm.response`). */
export interface ScriptResponse {
  code: number;
  status: string;
  headers: ScriptHeader[];
  /** The decoded body as UTF-8 text. */
  body: string;
  /** Milliseconds. */
  responseTime: number;
  /** Bytes. */
  responseSize: number;
}

export interface ScriptCookie {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
}

/** Variable scopes by name → value. Only enabled variables are passed in; values are usually strings. */
export interface ScriptVariables {
  environment: Record<string, JsonValue>;
  globals: Record<string, JsonValue>;
  collectionVariables: Record<string, JsonValue>;
  iterationData: Record<string, JsonValue>;
  /** `pm.variables.set` writes here; it lasts for the run. */
  local: Record<string, JsonValue>;
}

export interface ScriptInfo {
  eventName: ScriptEvent;
  /** 0-based. */
  iteration: number;
  iterationCount: number;
  requestName: string;
  requestId: string;
}

export interface ScriptInput {
  event: ScriptEvent;
  source: string;
  /** Where the script lives, for messages: e.g. `Users / Create user (test script)`. */
  location: string;
  info: ScriptInfo;
  request: ScriptRequest;
  /** Present for test scripts. */
  response?: ScriptResponse;
  variables: ScriptVariables;
  environmentName?: string;
  /** Cookies the jar holds for the request URL (`pm.cookies`). */
  cookies: ScriptCookie[];
}

export interface TestResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  error?: { name: string; message: string };
}

export interface ConsoleEntry {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

export interface ScriptError {
  kind: 'syntax' | 'runtime' | 'timeout' | 'memory';
  name: string;
  message: string;
  line?: number;
  column?: number;
  location: string;
}

export interface ScriptOutput {
  /** In the order `pm.test` / `tests[...]` recorded them. */
  tests: TestResult[];
  console: ConsoleEntry[];
  /** The request after the script (changed only by pre-request scripts). */
  request: ScriptRequest;
  variables: ScriptVariables;
  /** `setNextRequest`: undefined when not called, null to stop the run, else a request name or id. */
  nextRequest: string | null | undefined;
  /** `pm.execution.skipRequest()` in a pre-request script. */
  skipRequest: boolean;
  /** The script failed (syntax, exception, timeout, memory); tests recorded before that are kept. */
  error: ScriptError | null;
}

/** What a script may ask of the host; nothing else is reachable from inside. */
export interface ScriptHost {
  /** `pm.sendRequest`: a URL string or a request; sent by the engine with the run's settings. */
  sendRequest(request: ScriptRequest | string): Promise<ScriptResponse>;
}

export interface SandboxOptions {
  /** Per script; default 5,000 ms. Covers the script's async work (timers, sendRequest). */
  timeoutMs?: number;
  /** Per sandbox; default 64 MiB. */
  memoryLimitBytes?: number;
}

/** One isolated JavaScript world per run (never shared between collections). */
export interface ScriptSandbox {
  run(input: ScriptInput, host: ScriptHost): Promise<ScriptOutput>;
  dispose(): void;
}
