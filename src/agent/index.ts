/**
 * Browser mode: the renderer and the contract served on 127.0.0.1 for a browser tab (and the e2e
 * tests), token-protected and Origin-checked so a web page the user visits cannot drive it.
 */
export { startAgent, AGENT_HOST } from './agent.js';
export { AGENT_FORBIDDEN, AGENT_UNAUTHORIZED } from './authorize.js';
export { EVENTS_PATH, EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from './events-socket.js';
export { contentSecurityPolicy } from './guard.js';
export { contentTypeOf, resolveStaticPath } from './static-files.js';
export type { AgentBackend, AgentOptions, RunningAgent } from './types.js';
