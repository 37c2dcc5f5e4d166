import { createPosternApi, type PosternApi } from '../src/api/index.js';
import { httpTransport } from './transport/http-transport.js';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in browser mode. */
    readonly postern?: PosternApi;
  }
}

/**
 * The one way the renderer reaches anything with power: Electron's `window.postern`, or in browser mode
 * the same contract carried to the local agent over HTTP + WebSocket.
 */
export const api: PosternApi = window.postern ?? createPosternApi(httpTransport());

/** True when running in a browser tab against the local agent. */
export const browserMode = window.postern === undefined;
