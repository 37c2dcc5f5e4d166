/**
 * Structured logs: pino (Fastify's own logger) writing JSON lines, with every place a secret could sit
 * redacted before a line is written — credential headers, and fields that hold passwords, codes, tokens
 * and keys, at any depth.
 */
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';

/** Body and object fields whose values are never logged. */
export const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'code', 'recoveryCode', 'challenge', 'token', 'secret', 'key', 'apiKey', 'masterKey'] as const;

const SECRET_HEADERS = ['authorization', 'cookie', 'x-api-key', 'set-cookie', 'proxy-authorization'] as const;

export const REDACTED = '[redacted]';

/** Keys whose values are never logged, at any depth (compared in lower case: header names vary in case). */
const SECRET_KEYS: ReadonlySet<string> = new Set([...SECRET_FIELDS, ...SECRET_HEADERS].map((key) => key.toLowerCase()));
/** Deeper than any log object the server writes; past it values are left as they are. */
const MAX_REDACT_DEPTH = 8;

/**
 * `value` with every secret key's value replaced by REDACTED, at any depth. Copies only the objects on
 * the way to a secret, so the usual log object (nothing to hide) costs one walk and no allocation — pino's
 * path-based redaction parsed every configured path on every line and every per-request child logger.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_REDACT_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[i] = redacted;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const redacted = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : redactSecrets(item, depth + 1);
    if (redacted !== item) (copy ??= { ...record })[key] = redacted;
  }
  return copy ?? value;
}

interface SerializedError {
  readonly [key: string]: unknown;
  readonly type: string;
  readonly message: string;
  readonly stack: string;
}

/** pino's error shape (type, message, stack and the error's own fields), redacted like everything else. */
export function serializeError(error: Error): SerializedError {
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(error)) own[key] = (error as unknown as Record<string, unknown>)[key];
  const cause = error.cause instanceof Error ? { cause: serializeError(error.cause) } : error.cause === undefined ? {} : { cause: redactSecrets(error.cause) };
  const shape = { ...own, ...cause, type: error.constructor.name, message: error.message, stack: error.stack ?? '' };
  return redactSecrets(shape) as SerializedError;
}

export interface LoggerDestination {
  write(line: string): void;
}

export type ServerLoggerOptions = Exclude<NonNullable<FastifyServerOptions['logger']>, boolean>;

/**
 * Options for Fastify's logger. `destination` defaults to stdout; tests pass one that keeps the lines.
 */
export function serverLoggerOptions(level: LogLevel, destination?: LoggerDestination): ServerLoggerOptions {
  return {
    level,
    // Log objects and child bindings are redacted before serializers run; the error serializer's output too.
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown>,
      bindings: (bindings: Record<string, unknown>) => redactSecrets(bindings) as Record<string, unknown>,
    },
    serializers: { err: serializeError },
    base: { service: 'postern-server' },
    // ISO times read better in a terminal and every log shipper parses them.
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    ...(destination !== undefined ? { stream: destination } : {}),
  };
}
