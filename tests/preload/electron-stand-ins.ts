/**
 * Stand-ins for the Electron objects main and preload are given, joined the way Electron joins them:
 * `ipcRenderer.invoke` reaches the handler `ipcMain.handle` registered, and `webContents.send` reaches
 * `ipcRenderer.on` listeners. Messages are structured-cloned both ways, as Electron's IPC does, so
 * nothing that could not cross a real process boundary crosses this one.
 */
import { EventEmitter } from 'node:events';
import type { ContextBridgeLike, IpcRendererLike } from '../../preload/bridge.js';
import type { EventTarget, IpcMainLike } from '../../main/ipc.js';
import type { IpcSenderEvent } from '../../main/renderer-origin.js';

type Handler = (event: IpcSenderEvent, ...args: unknown[]) => unknown;

export class StandInIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

/** One renderer: its frame URL (what main checks), its ipcRenderer, and its webContents for events. */
export class StandInRenderer {
  readonly frame: { url: string };
  private readonly listeners = new EventEmitter();
  readonly ipcRenderer: IpcRendererLike;
  readonly webContents: EventTarget & { destroyed: boolean };
  /** Every channel this renderer invoked, in order. */
  readonly invokedChannels: string[] = [];

  constructor(ipcMain: StandInIpcMain, url: string) {
    this.frame = { url };
    this.ipcRenderer = {
      invoke: async (channel, ...args) => {
        this.invokedChannels.push(channel);
        const handler = ipcMain.handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        return structuredClone(await handler({ senderFrame: this.frame }, ...structuredClone(args)));
      },
      on: (channel, listener) => this.listeners.on(channel, listener),
      removeListener: (channel, listener) => this.listeners.removeListener(channel, listener),
    };
    const listeners = this.listeners;
    this.webContents = {
      destroyed: false,
      isDestroyed() {
        return this.destroyed;
      },
      send(channel, message) {
        listeners.emit(channel, { sender: 'ipcRenderer' }, structuredClone(message));
      },
    };
  }

  listenerCount(channel: string): number {
    return this.listeners.listenerCount(channel);
  }

  /** A message as main would send it on any channel (to test what preload lets through). */
  deliver(channel: string, message: unknown): void {
    this.listeners.emit(channel, { sender: 'ipcRenderer' }, structuredClone(message));
  }
}

/**
 * Carry a value from one JavaScript world to the other the way contextBridge does: plain objects and
 * arrays are copied (their functions included, each as a callable proxy), a function becomes a proxy
 * that carries its arguments back the other way and its result (a promise's value too) this way, an
 * Error becomes a plain Error with only its message (class, code and any other property are lost),
 * and anything else is structured-cloned. A class instance arrives as a plain object. A promise is
 * carried only as a whole argument or result; one nested in an object or array is dropped.
 */
export function acrossWorlds(value: unknown, nested = false): unknown {
  if (typeof value === 'function') return proxyFunction(value as (...args: unknown[]) => unknown);
  if (value instanceof Error) return new Error(value.message);
  if (value instanceof Promise) {
    return nested ? undefined : value.then((settled: unknown) => acrossWorlds(settled), (reason: unknown) => Promise.reject(acrossWorlds(reason)));
  }
  if (Array.isArray(value)) return value.map((entry) => acrossWorlds(entry, true));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) copy[key] = acrossWorlds(entry, true);
    return copy;
  }
  return structuredClone(value);
}

function proxyFunction(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = fn(...args.map((arg) => acrossWorlds(arg)));
    } catch (error) {
      throw acrossWorlds(error);
    }
    return acrossWorlds(result);
  };
}

/** contextBridge: what the page sees under `window[apiKey]` is `acrossWorlds(api)`, not `api` itself. */
export class StandInContextBridge implements ContextBridgeLike {
  /** What the page's main world sees, by key. */
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (this.exposed.has(apiKey)) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    this.exposed.set(apiKey, acrossWorlds(api));
  }
}
