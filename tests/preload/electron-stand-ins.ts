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

export class StandInContextBridge implements ContextBridgeLike {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (this.exposed.has(apiKey)) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    this.exposed.set(apiKey, api);
  }
}
