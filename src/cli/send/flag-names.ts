import { isPosternError, PosternError } from '../../model/index.js';

/**
 * The engine names settings fields as a collection spells them (`tlsCipherSelection[1]`); a terminal
 * user typed flags, so errors name the flag instead.
 */
const FLAG_FOR_FIELD: ReadonlyArray<readonly [RegExp, string]> = [
  [/^tlsCipherSelection(\[\d+\])?$/, '--ciphers'],
  [/^tlsDisabledProtocols(\[\d+\])?$/, '--tls-disable'],
  [/^proxy\.url$/, '--proxy'],
  [/^headers\[\d+\]\.(key|value)$/, '-H'],
  [/^method$/, 'METHOD'],
];

/** The same error with its field renamed to the flag that set it; anything else unchanged. */
export function inFlagTerms(error: unknown): unknown {
  if (!isPosternError(error) || error.where.path === undefined) return error;
  const field = error.where.path;
  const flag = FLAG_FOR_FIELD.find(([pattern]) => pattern.test(field))?.[1];
  if (flag === undefined) return error;
  return new PosternError(error.code, error.message, { ...error.where, path: flag }, { cause: error });
}
