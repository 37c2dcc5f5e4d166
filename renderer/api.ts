import { createPosternApi, type PosternApi, type PosternBridge } from '../src/api/index.js';
import { bridgeTransport } from './transport/bridge-transport.js';
import { httpTransport } from './transport/http-transport.js';

declare global {
  interface Window {
    /** Set by Electron's preload (plain data across contextBridge); absent in browser mode. */
    readonly postern?: PosternBridge;
  }
}

/**
 * The one way the renderer reaches anything with power: Electron's `window.postern`, or in browser mode
 * the same contract carried to the local agent over HTTP + WebSocket. Either way a failed call throws
 * a PosternCallError with its code, and `api.on(…).ready` says when events are sure to arrive.
 */
export const api: PosternApi = createPosternApi(window.postern !== undefined ? bridgeTransport(window.postern) : httpTransport());

/** True when running in a browser tab against the local agent. */
export const browserMode = window.postern === undefined;
