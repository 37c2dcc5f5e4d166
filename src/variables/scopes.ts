import { effectiveValue, type Variable } from '../model/index.js';

/** Postman's scopes, most specific first: a name defined in an earlier scope hides the later ones. */
export const SCOPE_PRECEDENCE = ['local', 'data', 'environment', 'collection', 'globals'] as const;
export type ScopeName = (typeof SCOPE_PRECEDENCE)[number];

/**
 * Plain name → value pairs (local variables set by scripts, a data file row). Strings are used as they
 * are; other JSON values are written as JSON (`3`, `true`, `{"a":1}`); `undefined` means not defined.
 */
export type PlainVariables = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>;

/**
 * Every scope a request can see. Within one list of `Variable`s a later entry with the same key wins,
 * so folder variables can be appended after the collection's: `[...collection, ...outerFolder, ...innerFolder]`.
 */
export interface VariableScopes {
  readonly local?: PlainVariables;
  readonly data?: PlainVariables;
  readonly environment?: readonly Variable[];
  readonly collection?: readonly Variable[];
  readonly globals?: readonly Variable[];
}

/** What a name stands for once the scopes are flattened. */
export interface VariableEntry {
  readonly value: string;
  readonly scope: ScopeName;
  /** The variable is of the secret type: its value must be masked wherever it is shown. */
  readonly secret: boolean;
}

export interface FlattenedScopes {
  readonly entries: Map<string, VariableEntry>;
  /** Effective values of every enabled secret variable in any scope, hidden or not. */
  readonly secretValues: string[];
}

/**
 * One lookup map for all scopes. Built from the least specific scope up so a more specific one
 * overwrites: a request then pays one map lookup per reference, however many scopes there are.
 */
export function flattenScopes(scopes: VariableScopes): FlattenedScopes {
  const entries = new Map<string, VariableEntry>();
  const secretValues: string[] = [];
  for (const scope of [...SCOPE_PRECEDENCE].reverse()) {
    if (scope === 'local' || scope === 'data') addPlain(entries, scope, scopes[scope]);
    else addVariables(entries, secretValues, scope, scopes[scope]);
  }
  return { entries, secretValues };
}

function addVariables(
  entries: Map<string, VariableEntry>,
  secretValues: string[],
  scope: ScopeName,
  variables: readonly Variable[] | undefined,
): void {
  if (variables === undefined) return;
  for (const variable of variables) {
    if (!variable.enabled) continue;
    const value = effectiveValue(variable);
    const secret = variable.type === 'secret';
    if (secret && value !== '') secretValues.push(value);
    entries.set(variable.key, { value, scope, secret });
  }
}

function addPlain(entries: Map<string, VariableEntry>, scope: ScopeName, variables: PlainVariables | undefined): void {
  if (variables === undefined) return;
  const pairs = isReadonlyMap(variables) ? variables.entries() : Object.entries(variables);
  for (const [key, raw] of pairs) {
    const value = plainValueToString(raw);
    if (value !== undefined) entries.set(key, { value, scope, secret: false });
  }
}

function isReadonlyMap(value: PlainVariables): value is ReadonlyMap<string, unknown> {
  return value instanceof Map;
}

/** Text for a plain value; `undefined` when the value does not define the variable. */
export function plainValueToString(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return JSON.stringify(value);
}
