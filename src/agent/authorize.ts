import type { IncomingMessage } from 'node:http';
import type { WireError } from '../api/index.js';
import { checkRequestSource } from './guard.js';
import { tokensMatch } from './token.js';

/** Codes the agent answers with before a call reaches the contract. */
export const AGENT_UNAUTHORIZED = 'AGENT_UNAUTHORIZED';
export const AGENT_FORBIDDEN = 'AGENT_FORBIDDEN';

export type ApiAuthorization =
  | { readonly ok: true; readonly origin: string }
  | { readonly ok: false; readonly status: 401 | 403; readonly error: WireError };

/**
 * An API request (HTTP call or WebSocket handshake) must come from our own page (Host and Origin, 403
 * otherwise) and carry the token (401 otherwise). Source first: a foreign page learns nothing about
 * whether its guess of the token was right.
 */
export function authorizeApiRequest(request: IncomingMessage, port: number, expectedToken: string, presentedToken: string | undefined): ApiAuthorization {
  const source = checkRequestSource(request, port, true);
  if (!source.ok) return { ok: false, status: 403, error: { code: AGENT_FORBIDDEN, message: source.message } };
  if (!tokensMatch(expectedToken, presentedToken)) {
    const message = presentedToken === undefined ? 'the agent token is missing; open the URL that `postern web` printed' : 'the agent token is wrong; open the URL that `postern web` printed';
    return { ok: false, status: 401, error: { code: AGENT_UNAUTHORIZED, message } };
  }
  return { ok: true, origin: source.origin };
}
