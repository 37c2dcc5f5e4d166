import type { EventName, InputOf, MethodOf, NameOf, OperationGroup, OutputOf } from './contract.js';
import { WireErrorSchema, type WireResult } from './errors.js';
import type { OperationName } from './operations.js';

/**
 * One operation as preload exposes it. It RESOLVES a WireResult and never rejects: Electron's
 * contextBridge copies a rejection into the page as a plain Error with only its message (code and
 * where are lost, and no class survives), while a resolved plain object crosses intact.
 */
export type BridgeOperation<N extends OperationName> = (input: InputOf<N>) => Promise<WireResult<OutputOf<N>>>;

/**
 * What crosses contextBridge as `window.postern` in Electron: plain data and functions only. One
 * function per operation of the contract, grouped as in PosternApi (`postern.requests.send(input)`),
 * and `subscribe`. No generic invoke: a page can name only the contract's operations. The renderer
 * turns this into a PosternApi (renderer/transport/bridge-transport.ts), where failures throw a
 * PosternCallError with their code again.
 */
export type PosternBridge = {
  readonly [G in OperationGroup]: { readonly [M in MethodOf<G>]: BridgeOperation<NameOf<G, M>> };
} & {
  /**
   * Listen to one event stream; returns the function that stops. Preload registers the IPC listener
   * before it returns, so every event main sends after this reaches the listener. (A function is
   * returned rather than a Subscription: contextBridge drops properties of functions and promises
   * nested in objects.)
   */
  readonly subscribe: (event: EventName, listener: (payload: unknown) => void) => () => void;
};

/** The one key on PosternBridge that is not an operation group. */
export const BRIDGE_SUBSCRIBE = 'subscribe';

// A contract group named like the subscribe key would collide with it on the bridge: tsc fails here.
type NoGroupNamedSubscribe = typeof BRIDGE_SUBSCRIBE extends OperationGroup ? never : true;
const _noGroupNamedSubscribe: NoGroupNamedSubscribe = true;

/**
 * Read a value that should be a WireResult (an IPC answer, a bridge result, a parsed HTTP body) into a
 * fresh plain one, or undefined when it is not one. The error must match WireErrorSchema exactly.
 */
export function readWireResult(value: unknown): WireResult<unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record['ok'] === true && 'value' in record) return { ok: true, value: record['value'] };
  if (record['ok'] === false) {
    const error = WireErrorSchema.safeParse(record['error']);
    if (error.success) return { ok: false, error: error.data };
  }
  return undefined;
}
