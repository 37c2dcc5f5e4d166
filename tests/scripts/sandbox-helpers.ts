import { createSandbox, type SandboxIsolation } from '../../src/scripts/index.js';
import type { ScriptHost, ScriptInput, ScriptOutput, ScriptResponse, ScriptSandbox } from '../../src/scripts/types.js';

/** Both ways a sandbox runs; the suites run against each. */
export const ISOLATIONS: readonly SandboxIsolation[] = ['thread', 'inline'];
let isolation: SandboxIsolation = 'thread';
export function useIsolation(next: SandboxIsolation): void {
  isolation = next;
}

/** A real sandbox, as the runner gets one. */
export function sandbox(options: { timeoutMs?: number; memoryLimitBytes?: number; withLibraries?: boolean } = {}): Promise<ScriptSandbox> {
  return createSandbox({ isolation, timeoutMs: options.timeoutMs ?? 2000, memoryLimitBytes: options.memoryLimitBytes ?? 32 * 1024 * 1024, withLibraries: options.withLibraries ?? true });
}

export const okResponse: ScriptResponse = {
  code: 200,
  status: 'OK',
  headers: [
    { key: 'Content-Type', value: 'application/json; charset=utf-8' },
    { key: 'X-Trace', value: 'abc' },
  ],
  body: '{"user":{"id":7,"name":"Ada"},"tags":["a","b"]}',
  responseTime: 12,
  responseSize: 48,
};

export function input(source: string, overrides: Partial<ScriptInput> = {}): ScriptInput {
  const event = overrides.event ?? (overrides.response ? 'test' : 'prerequest');
  return {
    event,
    source,
    location: `Users / Get user (${event} script)`,
    info: { eventName: event, iteration: 0, iterationCount: 1, requestName: 'Get user', requestId: 'req-1' },
    request: { id: 'req-1', name: 'Get user', method: 'GET', url: 'https://api.test/users/{{id}}?expand=1', headers: [{ key: 'Accept', value: 'application/json' }], body: { mode: 'none' } },
    variables: { environment: { env: 'e' }, globals: { g: 'global' }, collectionVariables: { c: 'coll' }, iterationData: { d: 'data' }, local: {} },
    environmentName: 'Staging',
    cookies: [{ name: 'session', value: 's1', domain: 'api.test', path: '/' }],
    ...overrides,
  };
}

export const noHost: ScriptHost = {
  sendRequest: () => Promise.reject(new Error('no network in this test')),
};

export async function runOnce(source: string, overrides: Partial<ScriptInput> = {}, host: ScriptHost = noHost): Promise<ScriptOutput> {
  const box = await sandbox();
  try {
    return await box.run(input(source, overrides), host);
  } finally {
    box.dispose();
  }
}
