import type { z } from 'zod';
import { PosternError } from '../model/index.js';
import type { ErrorCode } from '../model/index.js';
import { lineOfJsonPath } from './json-text.js';

export type JsonPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['item', 3, 'request', 'url']` → `item[3].request.url`; odd keys are quoted: `header["x-y"]`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && IDENTIFIER.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

type Issue = z.core.$ZodIssue;

/**
 * A union fails as a whole; when exactly one branch matched the value's shape and failed deeper inside,
 * its inner issue names the real problem (`url.query[0].key`) better than "no branch matched".
 */
function mostSpecificIssue(issue: Issue): { issue: Issue; path: PropertyKey[] } {
  if (issue.code === 'invalid_union') {
    const deep = issue.errors.filter((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
    const onlyBranch = deep.length === 1 ? deep[0] : undefined;
    const inner = onlyBranch?.[0];
    if (inner) {
      const found = mostSpecificIssue(inner);
      return { issue: found.issue, path: [...issue.path, ...found.path] };
    }
  }
  return { issue, path: [...issue.path] };
}

function describeIssue(issue: Issue): string {
  return issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
}

export interface ValidationSource {
  readonly file?: string;
  /** The JSON text, when the input was text: lets the error name the line too. */
  readonly text?: string;
  /** Prefix for paths when the validated value sits inside a bigger document. */
  readonly basePath?: JsonPath;
}

/** The first zod issue as a PosternError: one line with the file, JSON path and what is wrong. */
export function zodErrorToPosternError(error: z.ZodError, code: ErrorCode, source: ValidationSource): PosternError {
  const first = error.issues[0];
  if (!first) return new PosternError(code, 'invalid document', { file: source.file });
  const { issue, path } = mostSpecificIssue(first);
  const fullPath = [...(source.basePath ?? []), ...path].filter(
    (part): part is string | number => typeof part === 'string' || typeof part === 'number',
  );
  const line = source.text === undefined ? undefined : lineOfJsonPath(source.text, fullPath);
  return new PosternError(code, describeIssue(issue), {
    file: source.file,
    path: fullPath.length > 0 ? formatJsonPath(fullPath) : undefined,
    line,
  });
}

/** A semantic problem found after validation, located the same way as zod's. */
export function problemAt(code: ErrorCode, message: string, path: JsonPath, source: ValidationSource): PosternError {
  const fullPath = [...(source.basePath ?? []), ...path];
  const line = source.text === undefined ? undefined : lineOfJsonPath(source.text, fullPath);
  return new PosternError(code, message, {
    file: source.file,
    path: fullPath.length > 0 ? formatJsonPath(fullPath) : undefined,
    line,
  });
}
