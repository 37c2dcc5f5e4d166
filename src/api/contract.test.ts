import { describe, expect, it } from 'vitest';
import { PosternError } from '../model/index.js';
import { OPERATION_NAMES, type OperationName } from './operations.js';
import { PosternCallError, callSafely, createPosternApi, validateInput, type EventName, type PosternApi } from './contract.js';
import { makeSubscription } from './subscription.js';

const goodSend = {
  sendId: 's1',
  workspaceId: 'w1',
  request: { method: 'GET', url: 'https://example.test/' },
  environmentId: 'e1',
};

describe('validateInput', () => {
  it('accepts a good input and applies defaults', () => {
    const result = validateInput('requests.send', goodSend);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject({ collectionId: null, request: { headers: [], body: { mode: 'none' } } });
  });

  it('names the operation and the JSON path of a bad input', () => {
    const result = validateInput('requests.send', { ...goodSend, request: { method: 'GET', url: 42 } });
    expect(result).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'requests.send: input.request.url: expected string, received number', where: { path: 'input.request.url' } },
    });
  });

  it('writes array indexes in brackets', () => {
    const result = validateInput('environments.save', { workspaceId: 'w', environment: { name: 'Dev', values: [{ key: 'a' }, { key: 7 }] } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^environments\.save: input\.environment\.values\[1\]\.key: expected string/);
  });

  it('refuses unknown fields and unknown operations', () => {
    const extra = validateInput('requests.cancel', { sendId: 's', channel: 'anything' });
    expect(extra.ok).toBe(false);
    const unknown = validateInput('shell.exec', { command: 'rm -rf /' });
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: 'unknown operation: "shell.exec"' } });
    // Inherited object keys are not operations either.
    expect(validateInput('toString', {}).ok).toBe(false);
  });
});

describe('callSafely', () => {
  it('passes validated input to the handler and checks its output', async () => {
    const seen: unknown[] = [];
    const ok = await callSafely('requests.cancel', { sendId: 's1' }, async (name, input) => {
      seen.push(name, input);
      return { cancelled: true };
    });
    expect(ok).toEqual({ ok: true, value: { cancelled: true } });
    expect(seen).toEqual(['requests.cancel', { sendId: 's1' }]);
  });

  it('turns a thrown error into a coded wire error and a bad output into INTERNAL', async () => {
    const thrown = await callSafely('requests.cancel', { sendId: 's1' }, async () => {
      throw new PosternError('ABORTED', 'already finished');
    });
    expect(thrown).toEqual({ ok: false, error: { code: 'ABORTED', message: 'already finished' } });
    const leaked = await callSafely('environments.get', { environmentId: 'e' }, async () => ({
      id: 'e', name: 'Dev', values: [{ key: 't', type: 'secret', enabled: true, initialValue: 'hunter2', currentValue: { secret: true, set: false } }],
    }));
    expect(leaked.ok).toBe(false);
    if (!leaked.ok) {
      expect(leaked.error.code).toBe('INTERNAL');
      expect(leaked.error.message).toContain('environments.get: output.values[0]');
      expect(leaked.error.message).not.toContain('hunter2');
    }
  });
});

describe('PosternApi', () => {
  const calls: Array<[OperationName, unknown]> = [];
  const subscriptions: EventName[] = [];
  const api: PosternApi = createPosternApi({
    invoke: async (name, input) => {
      calls.push([name, input]);
      if (name === 'requests.cancel') return { ok: false, error: { code: 'ABORTED', message: 'gone' } };
      return { ok: true, value: { version: '0.1.0', node: '20', platform: 'linux', arch: 'x64' } };
    },
    subscribe: (event) => {
      subscriptions.push(event);
      return makeSubscription(() => undefined);
    },
  });

  it('has one method per operation and nothing else but on', () => {
    const methods = Object.entries(api).flatMap(([group, value]) =>
      group === 'on' ? [] : Object.keys(value as object).map((m) => `${group}.${m}`),
    );
    expect(methods.sort()).toEqual([...OPERATION_NAMES].sort());
    expect(Object.keys(api)).toContain('on');
    expect(Object.keys(api)).not.toContain('invoke');
  });

  it('routes a call to its operation and throws a coded error on failure', async () => {
    const version = await api.app.version({});
    expect(version.version).toBe('0.1.0');
    expect(calls.at(-1)).toEqual(['app.version', {}]);
    await expect(api.requests.cancel({ sendId: 's' })).rejects.toBeInstanceOf(PosternCallError);
    await expect(api.requests.cancel({ sendId: 's' })).rejects.toMatchObject({ code: 'ABORTED', message: 'gone' });
  });

  it('subscribes only to known events, and hands back the transport\'s subscription', async () => {
    const stop = api.on('sync.status', () => undefined);
    expect(typeof stop).toBe('function');
    await expect(stop.ready).resolves.toBeUndefined();
    expect(subscriptions).toEqual(['sync.status']);
    expect(() => api.on('nope' as EventName, () => undefined)).toThrow(PosternCallError);
  });

  it('lets a no-input operation be called bare, and types inputs', async () => {
    await api.policy.effective();
    expect(calls.at(-1)).toEqual(['policy.effective', {}]);
    const typeChecks = async (): Promise<void> => {
      // @ts-expect-error requests.cancel needs a sendId.
      await api.requests.cancel();
      // @ts-expect-error the url is a string.
      await api.requests.send({ ...goodSend, request: { url: 42 } });
    };
    expect(typeof typeChecks).toBe('function');
  });

  it('types every operation (compile-time check)', () => {
    // Each entry must exist on PosternApi with this exact group and method, or tsc fails.
    const typed: Record<OperationName, unknown> = {
      'requests.send': api.requests.send, 'requests.cancel': api.requests.cancel, 'requests.body': api.requests.body,
      'workspaces.list': api.workspaces.list, 'workspaces.create': api.workspaces.create,
      'workspaces.rename': api.workspaces.rename, 'workspaces.delete': api.workspaces.delete,
      'collections.list': api.collections.list, 'collections.tree': api.collections.tree, 'collections.get': api.collections.get,
      'collections.import': api.collections.import, 'collections.export': api.collections.export,
      'collections.create': api.collections.create, 'collections.update': api.collections.update, 'collections.delete': api.collections.delete,
      'items.add': api.items.add, 'items.update': api.items.update, 'items.move': api.items.move,
      'items.delete': api.items.delete, 'items.duplicate': api.items.duplicate,
      'environments.list': api.environments.list, 'environments.get': api.environments.get, 'environments.save': api.environments.save,
      'environments.delete': api.environments.delete, 'environments.import': api.environments.import, 'environments.export': api.environments.export,
      'globals.get': api.globals.get, 'globals.save': api.globals.save, 'secrets.reveal': api.secrets.reveal,
      'history.list': api.history.list, 'history.get': api.history.get, 'history.clear': api.history.clear,
      'cookies.list': api.cookies.list, 'cookies.delete': api.cookies.delete, 'cookies.clear': api.cookies.clear,
      'settings.get': api.settings.get, 'settings.save': api.settings.save,
      'certificates.list': api.certificates.list, 'certificates.add': api.certificates.add, 'certificates.remove': api.certificates.remove,
      'runner.start': api.runner.start, 'runner.cancel': api.runner.cancel,
      'policy.effective': api.policy.effective, 'app.version': api.app.version,
    };
    for (const [name, fn] of Object.entries(typed)) expect(typeof fn, name).toBe('function');
  });
});
