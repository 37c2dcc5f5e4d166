import type { IncomingMessage, ServerResponse } from 'node:http';
import { callSafely, type WireResult } from '../api/index.js';
import { authorizeApiRequest } from './authorize.js';
import { BodyTooLargeError, closeAfterResponse, readBody, sendJson, sendWireError } from './http-io.js';
import { bearerToken } from './token.js';
import type { AgentBackend } from './types.js';

export interface ApiCallContext {
  readonly port: number;
  readonly token: string;
  readonly backend: AgentBackend;
  readonly maxBodyBytes: number;
}

/**
 * `POST /api/call` with `{"name": "group.method", "input": …}`.
 *
 * Status codes: 200 means the call reached the contract and the body is its WireResult, ok or a typed
 * error (UNKNOWN_OPERATION, INVALID_INPUT naming the field, a service's own code). Anything else means
 * it never got that far: 401 token, 403 Host/Origin, 405 method, 413 size, 415 content type, 400 a body
 * that is not `{name, input}` JSON. Those bodies are WireResult errors too, so a client shows one line.
 */
export async function handleApiCall(request: IncomingMessage, response: ServerResponse, context: ApiCallContext): Promise<void> {
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    closeAfterResponse(response);
    sendWireError(response, 405, { code: 'INVALID_INPUT', message: `${request.method ?? 'this method'} is not allowed on /api/call; use POST` });
    return;
  }
  const authorization = authorizeApiRequest(request, context.port, context.token, bearerToken(request.headers.authorization));
  if (!authorization.ok) {
    closeAfterResponse(response);
    sendWireError(response, authorization.status, authorization.error);
    return;
  }
  // JSON only: a cross-origin page cannot send it without a preflight, which we never grant.
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    closeAfterResponse(response);
    sendWireError(response, 415, { code: 'INVALID_INPUT', message: 'request body must be application/json' });
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(request, context.maxBodyBytes);
  } catch (error) {
    closeAfterResponse(response);
    if (error instanceof BodyTooLargeError) sendWireError(response, 413, { code: 'INVALID_INPUT', message: error.message });
    else sendWireError(response, 400, { code: 'INVALID_INPUT', message: 'request body could not be read' });
    return;
  }
  const envelope = parseEnvelope(body);
  if (!envelope.ok) {
    sendWireError(response, 400, envelope.error);
    return;
  }
  const result: WireResult<unknown> = await callSafely(envelope.value.name, envelope.value.input, (name, input) => context.backend.handle(name, input));
  if (response.destroyed) return;
  sendJson(response, 200, result);
}

type Envelope = { readonly name: string; readonly input: unknown };

function parseEnvelope(body: Buffer): WireResult<Envelope> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : 'not JSON';
    return { ok: false, error: { code: 'INVALID_JSON', message: `request body is not JSON: ${detail}` } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: 'request body must be an object {"name", "input"}', where: { path: 'body' } } };
  }
  const record = parsed as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => key !== 'name' && key !== 'input');
  if (extra !== undefined) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `request body has an unknown field "${extra.slice(0, 50)}"`, where: { path: `body.${extra.slice(0, 50)}` } } };
  }
  const name = record['name'];
  if (typeof name !== 'string') {
    return { ok: false, error: { code: 'INVALID_INPUT', message: 'request body: name must be a string (an operation such as "app.version")', where: { path: 'body.name' } } };
  }
  // A missing input is the empty object, as createPosternApi sends for no-input operations.
  return { ok: true, value: { name, input: record['input'] ?? {} } };
}
