import { z } from 'zod';
import { isPosternError, type ErrorCode } from '../model/index.js';

/** Codes only the contract layer raises, on top of the model's ErrorCode union. */
export type ApiOnlyErrorCode = 'INTERNAL' | 'UNKNOWN_OPERATION';
export type WireErrorCode = ErrorCode | ApiOnlyErrorCode;

/**
 * An error as it crosses the bridge: a code, one line for a person, and where. Never a stack:
 * the renderer (and a browser tab in agent mode) must not learn file paths of the app's insides.
 */
export const WireErrorSchema = z.strictObject({
  /** An ErrorCode or ApiOnlyErrorCode; kept as a string so an older renderer accepts newer codes. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: z.string(),
  where: z
    .strictObject({
      file: z.string().optional(),
      path: z.string().optional(),
      line: z.number().int().optional(),
    })
    .optional(),
});
export type WireError = z.infer<typeof WireErrorSchema>;

/** Collapse whitespace so a message is one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Any thrown value → a WireError. PosternError keeps its code and where; the rest become INTERNAL. */
export function toWireError(error: unknown): WireError {
  if (isPosternError(error)) {
    const where: NonNullable<WireError['where']> = {};
    if (error.where.file !== undefined) where.file = error.where.file;
    if (error.where.path !== undefined) where.path = error.where.path;
    if (error.where.line !== undefined) where.line = error.where.line;
    const wire: WireError = { code: error.code, message: oneLine(error.message) };
    if (Object.keys(where).length > 0) wire.where = where;
    return wire;
  }
  // Only the first line of a foreign message: Node errors sometimes append details or stacks.
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const first = oneLine(raw.split('\n')[0] ?? '');
  return { code: 'INTERNAL', message: first === '' ? 'internal error' : first };
}

/** The outcome of an operation on the wire: main answers every call with one of these. */
export type WireResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };
