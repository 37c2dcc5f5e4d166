import {
  EVENT_NAMES,
  createPosternApi,
  type EventName,
  type PosternApi,
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

/** An answer from main is a WireResult; anything else (a bug, or an IPC error) is reported as one. */
function asWireResult(answer: unknown): WireResult<unknown> {
  if (typeof answer === 'object' && answer !== null) {
    const record = answer as Record<string, unknown>;
    if (record['ok'] === true && 'value' in record) return { ok: true, value: record['value'] };
    const error = record['error'];
    if (record['ok'] === false && typeof error === 'object' && error !== null) {
      const e = error as Record<string, unknown>;
      if (typeof e['code'] === 'string' && typeof e['message'] === 'string') return answer as WireResult<unknown>;
    }
  }
  return failure('INTERNAL', 'the main process gave no result for this call');
}

/**
 * The contract carried over Electron IPC: every call is `invoke(CALL_CHANNEL, { name, input })`, and
 * every event subscription listens on EVENT_CHANNEL for its own event name only. There is no way to
 * name another channel.
 */
export function ipcTransport(ipc: IpcRendererLike): PosternTransport {
  return {
    async invoke(name, input) {
      const message: CallMessage = { name, input };
      try {
        return asWireResult(await ipc.invoke(CALL_CHANNEL, message));
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
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(EVENT_CHANNEL, onMessage);
      };
    },
  };
}

/** Put exactly the contract on `window.postern` (see preload/index.ts). Returns what was exposed. */
export function exposePostern(bridge: ContextBridgeLike, ipc: IpcRendererLike): PosternApi {
  const api = createPosternApi(ipcTransport(ipc));
  bridge.exposeInMainWorld(API_KEY, api);
  return api;
}
