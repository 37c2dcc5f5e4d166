import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { JsonValueSchema } from '../../model/index.js';
import type { Environment, Globals, Variable } from '../../model/index.js';
import { problemAt, zodErrorToPosternError } from '../json-path.js';
import type { ValidationSource } from '../json-path.js';
import { parseJsonText } from '../json-text.js';
import { importDescription, jsonText } from './import-request.js';
import { DescriptionIn } from './input-schema.js';
import type { PostmanImportOptions } from './import-collection.js';

/**
 * Postman environment and globals exports:
 * `{ id, name, values: [{ key, value, type, enabled }], _postman_variable_scope }`. `type` is `default`
 * or `secret`; older exports write `text` (= default) and `any`.
 */

const EnvironmentValueIn = z.looseObject({
  key: z.string({ error: 'expected the variable name as a string' }),
  value: JsonValueSchema.optional(),
  type: z.string().nullish(),
  enabled: z.boolean().nullish(),
  description: DescriptionIn.nullish(),
});

const EnvironmentIn = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  values: z.array(EnvironmentValueIn).nullish(),
  _postman_variable_scope: z.string().nullish(),
});
type EnvironmentIn = z.infer<typeof EnvironmentIn>;

export type PostmanVariableScope = 'environment' | 'globals';

export interface PostmanEnvironmentValue {
  key: string;
  value: string;
  type: 'default' | 'secret';
  enabled: boolean;
  description?: string;
}

export interface PostmanEnvironmentExport {
  id: string;
  name: string;
  values: PostmanEnvironmentValue[];
  _postman_variable_scope: PostmanVariableScope;
  _postman_exported_at?: string;
  _postman_exported_using: string;
}

export interface PostmanEnvironmentExportOptions {
  /** Write each variable's current value (when it has one) instead of its initial value. */
  readonly includeCurrentValues?: boolean;
  /** Secrets' current values are left out even with includeCurrentValues unless this is set too. */
  readonly includeSecretCurrentValues?: boolean;
  /** Written as `_postman_exported_at`; left out when not given, so the output depends only on the input. */
  readonly exportedAt?: Date;
}

function readEnvironmentDocument(json: unknown, opts: PostmanImportOptions, what: string): EnvironmentIn {
  const text = typeof json === 'string' ? json : undefined;
  const document = text === undefined ? json : parseJsonText(text, opts.file);
  const source: ValidationSource = { file: opts.file, text };
  // The oldest globals exports are the bare list of values.
  if (Array.isArray(document)) {
    const list = z.array(EnvironmentValueIn).safeParse(document);
    if (!list.success) throw zodErrorToPosternError(list.error, 'INVALID_ENVIRONMENT', source);
    return { values: list.data };
  }
  if (typeof document !== 'object' || document === null) {
    throw problemAt('INVALID_ENVIRONMENT', `expected a Postman ${what} export: a JSON object with "values"`, [], source);
  }
  if ('info' in document && 'item' in document) {
    const article = what === 'environment' ? 'an environment' : 'a globals';
    throw problemAt('INVALID_ENVIRONMENT', `this is a Postman collection, not ${article} export`, [], source);
  }
  const parsed = EnvironmentIn.safeParse(document);
  if (!parsed.success) throw zodErrorToPosternError(parsed.error, 'INVALID_ENVIRONMENT', source);
  return parsed.data;
}

function importValues(values: EnvironmentIn['values']): Variable[] {
  return (values ?? []).map((value) => {
    const description = importDescription(value.description);
    return {
      key: value.key,
      initialValue: jsonText(value.value),
      type: value.type === 'secret' ? 'secret' : 'default',
      enabled: value.enabled !== false,
      ...(description === undefined ? {} : { description }),
    };
  });
}

/** A Postman environment export (JSON text or parsed value) as a model Environment. */
export function importPostmanEnvironment(json: unknown, opts: PostmanImportOptions = {}): Environment {
  const document = readEnvironmentDocument(json, opts, 'environment');
  return { id: document.id ?? randomUUID(), name: document.name ?? 'Imported environment', values: importValues(document.values) };
}

/** A Postman globals export (or the old bare list of values) as the model's Globals. */
export function importPostmanGlobals(json: unknown, opts: PostmanImportOptions = {}): Globals {
  const document = readEnvironmentDocument(json, opts, 'globals');
  return { id: document.id ?? 'globals', name: document.name ?? 'Globals', values: importValues(document.values) };
}

function exportValue(variable: Variable, opts: PostmanEnvironmentExportOptions): PostmanEnvironmentValue {
  const mayUseCurrent = opts.includeCurrentValues === true && (variable.type !== 'secret' || opts.includeSecretCurrentValues === true);
  return {
    key: variable.key,
    value: mayUseCurrent ? (variable.currentValue ?? variable.initialValue) : variable.initialValue,
    type: variable.type,
    enabled: variable.enabled,
    ...(variable.description ? { description: variable.description } : {}),
  };
}

function exportScope(
  scope: PostmanVariableScope,
  set: Environment | Globals,
  opts: PostmanEnvironmentExportOptions,
): PostmanEnvironmentExport {
  return {
    id: set.id,
    name: set.name,
    values: set.values.map((variable) => exportValue(variable, opts)),
    _postman_variable_scope: scope,
    ...(opts.exportedAt ? { _postman_exported_at: opts.exportedAt.toISOString() } : {}),
    _postman_exported_using: 'Postern',
  };
}

export function exportPostmanEnvironment(env: Environment, opts: PostmanEnvironmentExportOptions = {}): PostmanEnvironmentExport {
  return exportScope('environment', env, opts);
}

export function exportPostmanGlobals(globals: Globals, opts: PostmanEnvironmentExportOptions = {}): PostmanEnvironmentExport {
  return exportScope('globals', globals, opts);
}
