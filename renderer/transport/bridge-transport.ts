import { makeSubscription, readWireResult, type EventName, type PosternBridge, type PosternTransport, type WireResult } from '../../src/api/index.js';

type BridgeFunction = (input: unknown) => Promise<unknown>;

function failure(code: string, message: string): WireResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Electron's transport, on the page side of contextBridge: `window.postern` (see preload/bridge.ts)
 * carries one function per operation, each resolving a plain WireResult, and `subscribe`. This turns
 * it back into a PosternTransport, so `createPosternApi(bridgeTransport(window.postern))` throws
 * PosternCallErrors with their code and where, which a rejection across contextBridge would have lost.
 */
export function bridgeTransport(bridge: PosternBridge): PosternTransport {
  const groups = bridge as unknown as Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
  return {
    async invoke(name, input): Promise<WireResult<unknown>> {
      const [group, method] = name.split('.') as [string, string];
      const operation = groups[group]?.[method];
      // A preload older than this renderer may lack an operation: say so instead of failing to call it.
      if (typeof operation !== 'function') return failure('UNKNOWN_OPERATION', `${name}: this app's preload does not offer it`);
      try {
        return readWireResult(await (operation as BridgeFunction)(input)) ?? failure('INTERNAL', `${name}: the preload gave no result`);
      } catch (error) {
        // The bridge never rejects; if it does anyway, only the message survived contextBridge.
        return failure('INTERNAL', error instanceof Error && error.message !== '' ? error.message : `${name}: the preload failed`);
      }
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      // Preload registers the IPC listener before it returns, so the subscription is live at once.
      return makeSubscription(bridge.subscribe(event, listener));
    },
  };
}
