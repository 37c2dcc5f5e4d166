/**
 * Structured logs: pino (Fastify's own logger) writing JSON lines, with every place a secret could sit
 * redacted before a line is written — credential headers, and body fields that hold passwords, codes,
 * tokens and keys, at the top level and nested up to three levels deep.
 */
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';

/** Body and object fields whose values are never logged. */
export const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'code', 'recoveryCode', 'challenge', 'token', 'secret', 'key', 'apiKey', 'masterKey'] as const;

const SECRET_HEADERS = ['authorization', 'cookie', 'x-api-key', 'set-cookie', 'proxy-authorization'] as const;

export const REDACTED = '[redacted]';

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const header of SECRET_HEADERS) {
    const accessor = `["${header}"]`;
    for (const holder of ['req.headers', 'res.headers', 'headers', 'request.headers', 'reply.headers']) paths.push(`${holder}${accessor}`);
  }
  // fast-redact wildcards match one level each, so list the depths a body can reach in a log object.
  for (const field of SECRET_FIELDS) {
    paths.push(field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`);
  }
  return paths;
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
    redact: { paths: redactPaths(), censor: REDACTED },
    base: { service: 'postern-server' },
    // ISO times read better in a terminal and every log shipper parses them.
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
    ...(destination !== undefined ? { stream: destination } : {}),
  };
}
