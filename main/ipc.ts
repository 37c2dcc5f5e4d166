import { EVENTS, EVENT_NAMES, callSafely, type EventName, type OperationName, type WireResult } from '../src/api/index.js';
import { CALL_CHANNEL, EVENT_CHANNEL, type EventMessage } from '../preload/channels.js';
import type { IpcSenderEvent } from './renderer-origin.js';

/** The part of Electron's ipcMain main uses; the real one fits, tests pass a stand-in. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** What the IPC handler needs of the desktop services. */
export interface ServiceBackend {
  handle(name: OperationName, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** The wire code for a call from a frame that is not our renderer. */
export const IPC_FORBIDDEN = 'IPC_FORBIDDEN';

/**
 * Answer `postern:call`: the sender must be our renderer, the message `{ name, input }`; then
 * callSafely validates the name and input against the contract before a service sees them, and turns
 * anything thrown into a WireError. Returns a function that removes the handler.
 */
export function registerIpc(ipcMain: IpcMainLike, services: Pick<ServiceBackend, 'handle'>, isTrustedSender: (event: IpcSenderEvent) => boolean): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, message): Promise<WireResult<unknown>> => {
    if (!isTrustedSender(event)) return { ok: false, error: { code: IPC_FORBIDDEN, message: 'this page may not call Postern' } };
    if (typeof message !== 'object' || message === null || typeof (message as { name?: unknown }).name !== 'string') {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'a call is { name, input }' } };
    }
    const { name, input } = message as { name: string; input?: unknown };
    return callSafely(name, input, (checked, value) => services.handle(checked, value));
  });
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/** Where events go: every window showing the renderer (main passes its windows' webContents). */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, message: EventMessage): void;
}

/**
 * Forward every event stream of the services to the renderer windows on `postern:event`. A payload
 * that does not match the contract's schema is dropped, not sent: the renderer gets only what the
 * contract promises (no stray secrets, no stacks). Returns a function that stops forwarding.
 */
export function forwardEvents(services: Pick<ServiceBackend, 'subscribe'>, targets: () => readonly EventTarget[]): () => void {
  const stops = EVENT_NAMES.map((event) =>
    services.subscribe(event, (payload) => {
      const checked = EVENTS[event].payload.safeParse(payload);
      if (!checked.success) return;
      for (const target of targets()) {
        if (!target.isDestroyed()) target.send(EVENT_CHANNEL, { event, payload: checked.data });
      }
    }),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
