import { ServerError } from '../errors.js';
import type { AuditAction } from './actions.js';

/** The chain for entries that belong to no team (sign-ups, a user's own sign-ins outside a team). */
export const SYSTEM_CHAIN = 'system';

/** One appended audit event, sealed into its chain. */
export interface AuditEntry {
  /** Team id, or `'system'` for entries with no team. Each chain has its own sequence and hashes. */
  readonly chain: string;
  /** 1, 2, 3… per chain, without gaps. */
  readonly seq: number;
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly action: AuditAction;
  readonly actorId: string | null;
  readonly actorEmail: string | null;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly teamId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** Plain JSON: objects, arrays, strings, finite numbers, booleans, null. */
  readonly details: Readonly<Record<string, unknown>>;
  /** The previous entry's `hash` (or the genesis/anchor hash for the first one). */
  readonly prevHash: string;
  /** HMAC-SHA256 over the canonical bytes of every other field, lower-case hex. */
  readonly hash: string;
}

/** An entry before its hash is computed: what the hash covers. */
export type UnhashedAuditEntry = Omit<AuditEntry, 'hash'>;

/** The chain of an entry with this team: the team id, or `'system'`. */
export function chainOf(teamId: string | null): string {
  return teamId ?? SYSTEM_CHAIN;
}

// The fields the hash covers, listed explicitly so an object carrying extra properties (a DB row, or a
// full entry with its `hash`) gives the same bytes as the bare entry.
const STRING_FIELDS = ['chain', 'id', 'action', 'prevHash'] as const;
const NULLABLE_FIELDS = ['actorId', 'actorEmail', 'targetType', 'targetId', 'teamId', 'ip', 'userAgent'] as const;
const INTEGER_FIELDS = ['seq', 'at'] as const;

/**
 * The deterministic bytes of an entry that its hash covers: canonical JSON (keys sorted by UTF-16 code
 * unit at every depth, no whitespace, numbers in ECMAScript shortest form) of every field except `hash`,
 * UTF-8 encoded. The same entry read back from any database that stores `details` as JSON gives the
 * same bytes. Throws ServerError INTERNAL naming the field when a value is not plain JSON.
 */
export function canonicalAuditBytes(entry: UnhashedAuditEntry): Buffer {
  const fields: Record<string, unknown> = {};
  for (const name of STRING_FIELDS) {
    const value: unknown = entry[name];
    if (typeof value !== 'string') throw badField(name, 'must be a string', value);
    fields[name] = value;
  }
  for (const name of NULLABLE_FIELDS) {
    const value: unknown = entry[name];
    if (value !== null && typeof value !== 'string') throw badField(name, 'must be a string or null', value);
    fields[name] = value;
  }
  for (const name of INTEGER_FIELDS) {
    const value: unknown = entry[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badField(name, 'must be a safe integer', value);
    fields[name] = value;
  }
  const details: unknown = entry.details;
  if (!isPlainObject(details)) throw badField('details', 'must be a plain object', details);
  fields['details'] = details;
  return Buffer.from(canonicalJson(fields, ''), 'utf8');
}

/**
 * Canonical JSON text of a plain JSON value. `path` names the value in errors (`details.ips[2]`).
 * Object properties whose value is `undefined` are left out, as JSON.stringify and every JSON column
 * would; `undefined` anywhere else, non-finite numbers, bigints, functions, symbols, class instances
 * (Date, Buffer, Map…) and cycles are refused.
 */
export function canonicalJson(value: unknown, path = ''): string {
  return write(value, path, new Set());
}

function write(value: unknown, path: string, open: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      // JSON.stringify escapes lone surrogates (well-formed JSON.stringify), so the output is valid UTF-8.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw notJson(path, `is ${String(value)}, which JSON cannot hold`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw notJson(path, `is a ${typeof value}, not a JSON value`);
  }
  if (open.has(value)) throw notJson(path, 'refers back to itself (a cycle)');
  open.add(value);
  let text: string;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const itemPath = `${path}[${index}]`;
      if (item === undefined) throw notJson(itemPath, 'is undefined (a hole or missing value)');
      items.push(write(item, itemPath, open));
    }
    text = `[${items.join(',')}]`;
  } else if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const member: unknown = value[key];
      if (member === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${write(member, path === '' ? key : `${path}.${key}`, open)}`);
    }
    text = `{${parts.join(',')}}`;
  } else {
    const kind = (value as { constructor?: { name?: unknown } }).constructor?.name;
    throw notJson(path, `is a ${typeof kind === 'string' ? kind : 'non-plain object'}, not a plain JSON object`);
  }
  open.delete(value);
  return text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function badField(name: string, requirement: string, value: unknown): ServerError {
  const shown = value === undefined ? 'undefined' : typeof value;
  return new ServerError('INTERNAL', `audit entry field ${name} ${requirement} (got ${shown})`, { field: name });
}

function notJson(path: string, problem: string): ServerError {
  const where = path === '' ? 'value' : path;
  return new ServerError('INTERNAL', `audit entry ${where} ${problem}`, { field: where });
}
