import {
  BRIDGE_SUBSCRIBE,
  EVENT_NAMES,
  OPERATION_NAMES,
  makeSubscription,
  readWireResult,
  toWireError,
  type EventName,
  type PosternBridge,
  type PosternTransport,
  type WireResult,
} from '../src/api/index.js';
import { CALL_CHANNEL, EVENT_CHANNEL, type CallMessage } from './channels.js';

/** The part of Electron's ipcRenderer the bridge uses; the real one fits, tests pass a stand-in. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The part of Electron's contextBridge the bridge uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

/** The global the renderer reads (`window.postern`). */
export const API_KEY = 'postern';

const KNOWN_EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && KNOWN_EVENTS.has(value);
}

function failure(code: string, message: string): WireResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * The contract carried over Electron IPC: every call is `invoke(CALL_CHANNEL, { name, input })`, and
 * every event subscription listens on EVENT_CHANNEL for its own event name only. There is no way to
 * name another channel. The IPC listener is registered before subscribe returns, and main sends an
 * event and a call's answer down the same ordered pipe, so a subscription is ready at once.
 */
export function ipcTransport(ipc: IpcRendererLike): PosternTransport {
  return {
    async invoke(name, input) {
      const message: CallMessage = { name, input };
      try {
        // An answer from main is a WireResult; anything else (a bug, or an IPC error) is reported as one.
        return readWireResult(await ipc.invoke(CALL_CHANNEL, message)) ?? failure('INTERNAL', 'the main process gave no result for this call');
      } catch (error) {
        // Electron rejects when no handler is registered yet or main threw; keep the first line only.
        const text = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
        return failure('INTERNAL', text === '' ? 'the main process did not answer' : text);
      }
    },
    subscribe(event, listener) {
      if (!isEventName(event)) throw new TypeError(`unknown event: ${String(event)}`);
      const onMessage = (_ipcEvent: unknown, message: unknown): void => {
        if (typeof message !== 'object' || message === null) return;
        const { event: name, payload } = message as Record<string, unknown>;
        if (name === event && isEventName(name)) listener(payload);
      };
      ipc.on(EVENT_CHANNEL, onMessage);
      return makeSubscription(() => ipc.removeListener(EVENT_CHANNEL, onMessage));
    },
  };
}

/**
 * What preload puts on `window.postern`: one function per operation of the contract that resolves a
 * plain WireResult and never rejects (a rejection would reach the page as a bare Error, its code
 * lost), and `subscribe`, which returns a plain stop function. Frozen, with nothing that names a
 * channel.
 */
export function createPosternBridge(transport: PosternTransport): PosternBridge {
  const groups: Record<string, Record<string, (input: unknown) => Promise<WireResult<unknown>>>> = {};
  for (const name of OPERATION_NAMES) {
    const [group, method] = name.split('.') as [string, string];
    const target = (groups[group] ??= {});
    target[method] = async (input: unknown) => {
      try {
        return readWireResult(await transport.invoke(name, input)) ?? failure('INTERNAL', `${name}: the transport gave no result`);
      } catch (error) {
        return { ok: false, error: toWireError(error) };
      }
    };
  }
  for (const methods of Object.values(groups)) Object.freeze(methods);
  const subscribe = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError(`subscribe(${event}, listener): the listener must be a function`);
    const subscription = transport.subscribe(event, listener);
    return () => subscription();
  };
  return Object.freeze({ ...groups, [BRIDGE_SUBSCRIBE]: subscribe }) as unknown as PosternBridge;
}

/** Put exactly the contract on `window.postern` (see preload/index.ts). Returns what was exposed. */
export function exposePostern(bridge: ContextBridgeLike, ipc: IpcRendererLike): PosternBridge {
  const postern = createPosternBridge(ipcTransport(ipc));
  bridge.exposeInMainWorld(API_KEY, postern);
  return postern;
}
