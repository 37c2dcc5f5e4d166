/** Browser mode's side of the contract: `window.postern = createPosternApi(httpTransport())`. */
export { httpTransport, type HttpTransportOptions } from './http-transport.js';
export { takeAgentToken, TOKEN_STORAGE_KEY } from './agent-token.js';
export type { BrowserEnv } from './browser-env.js';
