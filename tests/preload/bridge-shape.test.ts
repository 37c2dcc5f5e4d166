/**
 * The shape of what crosses contextBridge, with a stand-in contextBridge that copies as Electron's
 * does (see acrossWorlds): calls resolve plain WireResults, so a failure reaches the renderer's API as
 * a PosternCallError with its code and where; the object has exactly the contract's operations.
 */
import { describe, expect, it } from 'vitest';
import {
  OPERATION_NAMES,
  PosternCallError,
  createPosternApi,
  makeSubscription,
  type BridgeOperation,
  type OperationName,
  type PosternBridge,
  type PosternTransport,
} from '../../src/api/index.js';
import { createPosternBridge } from '../../preload/bridge.js';
import { bridgeTransport } from '../../renderer/transport/bridge-transport.js';
import { StandInContextBridge, acrossWorlds } from './electron-stand-ins.js';

// Compile-time: PosternBridge has, for every operation `group.method`, `bridge.group.method` typed as
// that operation's BridgeOperation. A missing or mistyped operation makes this file fail tsc.
type BridgeFunctionOf<N extends OperationName> = N extends `${infer G}.${infer M}`
  ? G extends keyof PosternBridge
    ? M extends keyof PosternBridge[G]
      ? PosternBridge[G][M]
      : never
    : never
  : never;
type NotCovered = {
  [N in OperationName]: [BridgeFunctionOf<N>] extends [never] ? N : [BridgeFunctionOf<N>] extends [BridgeOperation<N>] ? never : N;
}[OperationName];
const everyOperationCovered: [NotCovered] extends [never] ? true : NotCovered = true;

/** A transport whose cancel fails with a coded error and whose other calls echo their name. */
function standInTransport(): PosternTransport & { stops: number } {
  const transport = {
    stops: 0,
    invoke: async (name: OperationName, input: unknown) => {
      if (name === 'requests.cancel') return { ok: false as const, error: { code: 'ABORTED', message: 'nothing to cancel', where: { path: 'sendId' } } };
      if (name === 'history.clear') throw new Error('the transport broke');
      return { ok: true as const, value: { name, input } };
    },
    subscribe: (_event: string, listener: (payload: unknown) => void) => {
      listener({ state: 'synced' });
      return makeSubscription(() => void (transport.stops += 1));
    },
  };
  return transport;
}

/** Preload's bridge exposed through the stand-in contextBridge; returns what the page sees. */
function pageBridge(transport: PosternTransport): PosternBridge {
  const contextBridge = new StandInContextBridge();
  contextBridge.exposeInMainWorld('postern', createPosternBridge(transport));
  return contextBridge.exposed.get('postern') as PosternBridge;
}

describe('contextBridge stand-in', () => {
  it('loses the code of a thrown error and the class of an instance, as Electron does', async () => {
    const thrower = acrossWorlds({
      fail: async () => {
        throw new PosternCallError({ code: 'ABORTED', message: 'gone', where: { path: 'sendId' } });
      },
      instance: new PosternCallError({ code: 'ABORTED', message: 'gone' }),
    }) as { fail(): Promise<never>; instance: unknown };
    const error: unknown = await thrower.fail().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PosternCallError);
    expect((error as Error).message).toBe('gone');
    expect(error).not.toHaveProperty('code');
    expect(thrower.instance).not.toBeInstanceOf(PosternCallError);
  });
});

describe('window.postern across contextBridge', () => {
  it('has exactly the contract: one function per operation and subscribe, nothing else', () => {
    expect(everyOperationCovered).toBe(true);
    const page = pageBridge(standInTransport()) as unknown as Record<string, unknown>;
    const names: string[] = [];
    for (const [key, value] of Object.entries(page)) {
      if (typeof value === 'function') names.push(key);
      else for (const [method, fn] of Object.entries(value as Record<string, unknown>)) names.push(typeof fn === 'function' ? `${key}.${method}` : `${key}.${method} (not a function)`);
    }
    expect(names.sort()).toEqual([...OPERATION_NAMES, 'subscribe'].sort());
  });

  it('delivers a failing call to the renderer-side API as a PosternCallError with its code and where', async () => {
    const page = pageBridge(standInTransport());
    // On the page, the bridge function resolves a plain result (it never rejects).
    expect(await page.requests.cancel({ sendId: 's1' })).toEqual({ ok: false, error: { code: 'ABORTED', message: 'nothing to cancel', where: { path: 'sendId' } } });
    const api = createPosternApi(bridgeTransport(page));
    const error: unknown = await api.requests.cancel({ sendId: 's1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosternCallError);
    expect(error).toMatchObject({ code: 'ABORTED', message: 'nothing to cancel', wire: { where: { path: 'sendId' } } });
    expect(await api.app.version()).toEqual({ name: 'app.version', input: {} });
  });

  it('turns a transport that throws into a coded INTERNAL result, not a rejection', async () => {
    const page = pageBridge(standInTransport());
    expect(await page.history.clear({ workspaceId: 'w1' })).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'the transport broke' } });
    const api = createPosternApi(bridgeTransport(page));
    await expect(api.history.clear({ workspaceId: 'w1' })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('carries the listener and the stop function across as callables; ready at once', async () => {
    const transport = standInTransport();
    const api = createPosternApi(bridgeTransport(pageBridge(transport)));
    const seen: unknown[] = [];
    const stop = api.on('sync.status', (payload) => seen.push(payload));
    await expect(stop.ready).resolves.toBeUndefined();
    expect(seen).toEqual([{ state: 'synced' }]);
    stop();
    stop();
    expect(transport.stops).toBe(1);
  });

  it('answers an operation the preload lacks with UNKNOWN_OPERATION (an older preload)', async () => {
    const page = pageBridge(standInTransport()) as unknown as Record<string, unknown>;
    const { app: _app, ...withoutApp } = page;
    const api = createPosternApi(bridgeTransport(withoutApp as unknown as PosternBridge));
    await expect(api.app.version()).rejects.toMatchObject({ code: 'UNKNOWN_OPERATION' });
  });
});
