import type { PolicyKeyDefinition } from './keys.js';
import type { PolicyFormat } from './types.js';

export type Checked = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Reads one raw value the way its format stores it, then checks it against the key's schema. */
export function checkPolicyValue(def: PolicyKeyDefinition, raw: unknown, format: PolicyFormat): Checked {
  const coerced = format === 'registry' ? fromRegistry(def, raw) : { ok: true as const, value: raw };
  if (!coerced.ok) return coerced;
  const parsed = def.schema.safeParse(coerced.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}` : '';
  // A wrong type at the top says nothing the expected/got text does not; deeper issues add where and why.
  const detail = issue && (issue.code !== 'invalid_type' || issue.path.length > 0) ? `: ${issue.message}` : '';
  return { ok: false, message: `${expected(def, format)}, got ${describe(coerced.value)}${at}${detail}` };
}

/** The registry has no booleans or object lists: DWORD 0/1 and JSON text (REG_SZ) stand in. */
function fromRegistry(def: PolicyKeyDefinition, raw: unknown): Checked {
  switch (def.kind.type) {
    case 'boolean':
      if (raw === 0 || raw === 1) return { ok: true, value: raw === 1 };
      return { ok: false, message: `${expected(def, 'registry')}, got ${describe(raw)}` };
    case 'objectList':
      if (typeof raw !== 'string') return { ok: false, message: `${expected(def, 'registry')}, got ${describe(raw)}` };
      try {
        return { ok: true, value: JSON.parse(raw) as unknown };
      } catch (error) {
        return { ok: false, message: `expected JSON text (REG_SZ) holding a list: ${error instanceof Error ? error.message : String(error)}` };
      }
    default:
      return { ok: true, value: raw };
  }
}

function expected(def: PolicyKeyDefinition, format: PolicyFormat): string {
  const k = def.kind;
  switch (k.type) {
    case 'boolean':
      return format === 'registry' ? 'expected a REG_DWORD 0 or 1' : format === 'plist' ? 'expected <true/> or <false/>' : 'expected true or false';
    case 'integer':
      return `expected an integer from ${k.min} to ${k.max}${format === 'registry' ? ' (REG_DWORD)' : ''}`;
    case 'string':
      return `expected a string${format === 'registry' ? ' (REG_SZ)' : ''}`;
    case 'enum':
      return `expected one of ${k.values.join(', ')}`;
    case 'stringList':
      return format === 'registry' ? 'expected a REG_MULTI_SZ or a subkey of numbered REG_SZ values' : format === 'plist' ? 'expected an <array> of <string>' : 'expected a list of strings';
    case 'objectList':
      return format === 'registry' ? 'expected JSON text (REG_SZ) holding a list of objects' : format === 'plist' ? 'expected an <array> of <dict>' : 'expected a list of objects';
  }
}

/** A short, safe rendering of a value for an error line. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof Date) return 'a date';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}
