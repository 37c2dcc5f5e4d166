/**
 * One JSON error shape for every failure: `{ error: { code, message, field? } }`. Validation problems name
 * the field; anything unexpected is logged in full and answered with a generic line, never a stack.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ServerError } from '../errors.js';

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = toServerError(error);
    if (mapped.code === 'INTERNAL') request.log.error({ err: error }, 'unexpected error');
    else if (mapped.status >= 500) request.log.warn({ code: mapped.code }, mapped.message);
    const retryAfter = mapped.extra.retryAfterSeconds;
    if (retryAfter !== undefined) void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
    return reply.status(mapped.status).type('application/json; charset=utf-8').send(mapped.toBody());
  });
  app.setNotFoundHandler(async (request, reply) => {
    const error = new ServerError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    return reply.status(404).send(error.toBody());
  });
}

export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return validationError(error);
  if (isResponseSerializationError(error)) return new ServerError('INTERNAL', 'The server built a response that breaks its own schema');
  const fastifyError = error as Partial<FastifyError> & { statusCode?: number };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServerError('PAYLOAD_TOO_LARGE', 'The request body is larger than this route accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServerError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServerError('BAD_REQUEST', 'The body is empty but Content-Type says JSON', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ServerError('BAD_REQUEST', `Malformed JSON body: ${oneLine(fastifyError.message ?? '')}`, { field: 'body' });
    default:
      break;
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new ServerError('BAD_REQUEST', `Malformed request: ${oneLine(fastifyError.message ?? 'bad input')}`, { field: 'body' });
  }
  if (fastifyError.statusCode === 413) return new ServerError('PAYLOAD_TOO_LARGE', 'The request body is larger than this route accepts');
  if (fastifyError.statusCode === 415) return new ServerError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  if (fastifyError.statusCode === 503) return new ServerError('SHUTTING_DOWN', 'The server is shutting down; retry shortly');
  return new ServerError('INTERNAL', 'Something went wrong on the server; it has been logged');
}

interface ValidationItem {
  readonly keyword?: string;
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: { readonly keys?: readonly string[] };
}

function validationError(error: { validation: readonly ValidationItem[]; validationContext?: string }): ServerError {
  const first = error.validation[0];
  const part = error.validationContext ?? 'body';
  const path: PropertyKey[] = (first?.instancePath ?? '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const unknownKeys = first?.keyword === 'unrecognized_keys' ? first.params?.keys ?? [] : [];
  if (unknownKeys[0] !== undefined) path.push(unknownKeys[0]);
  const field = formatPath(path);
  const message = unknownKeys.length > 0
    ? `unknown field${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')}`
    : oneLine(first?.message ?? 'invalid value');
  const where = field === '' ? part : `${part}.${field}`;
  return new ServerError('VALIDATION', `${where}: ${message}`, { field: field === '' ? part : field, details: { in: part } });
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').slice(0, 300);
}
