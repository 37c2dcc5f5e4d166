import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { PolicyDocument, PolicyLevel } from '../types.js';

export const LINUX_POLICY_DIR = '/etc/postern/policies';

/**
 * Every `*.json` in a directory, in name order; a later file wins over an earlier one, so each is
 * returned in reverse (earlier documents win in resolve). A missing directory holds no policy.
 */
export async function readJsonPolicyDir(dir: string, level: PolicyLevel = 'machine'): Promise<PolicyDocument[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    return [{ level, origin: dir, format: 'json', error: `cannot read the policy directory: ${errorText(error)}` }];
  }
  const docs = await Promise.all(names.map((name) => readJsonPolicyFile(join(dir, name), level)));
  return docs.reverse();
}

export async function readJsonPolicyFile(path: string, level: PolicyLevel = 'machine'): Promise<PolicyDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { level, origin: path, format: 'json', error: `cannot read the policy file: ${errorText(error)}` };
  }
  return parseJsonPolicy(text, path, level);
}

/** Strict JSON (no comments, no trailing commas); errors name the line and column. */
export function parseJsonPolicy(text: string, origin: string, level: PolicyLevel = 'machine'): PolicyDocument {
  const errors: ParseError[] = [];
  const tree = parseTree(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumn(text, first.offset);
    return { level, origin, format: 'json', error: `not valid JSON at line ${line}, column ${column}: ${printParseErrorCode(first.error)}` };
  }
  if (!tree || tree.type !== 'object') return { level, origin, format: 'json', error: `expected a JSON object of policy keys, got ${tree ? tree.type : 'nothing'}` };
  return { level, origin, format: 'json', values: JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown> };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export function errorText(error: unknown): string {
  if (isCode(error, 'EACCES') || isCode(error, 'EPERM')) return 'permission denied';
  if (isCode(error, 'EISDIR')) return 'it is a directory';
  if (isCode(error, 'ENOENT')) return 'no such file';
  return error instanceof Error ? error.message.split('\n')[0] ?? 'unknown error' : String(error);
}
