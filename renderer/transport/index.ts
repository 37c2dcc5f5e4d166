/**
 * How the renderer reaches the contract: `bridgeTransport(window.postern)` in Electron, and in browser
 * mode `httpTransport()` to the local agent. renderer/api.ts picks one.
 */
export { bridgeTransport } from './bridge-transport.js';
export { httpTransport, type HttpTransportOptions } from './http-transport.js';
export { takeAgentToken, TOKEN_STORAGE_KEY } from './agent-token.js';
export type { BrowserEnv } from './browser-env.js';
