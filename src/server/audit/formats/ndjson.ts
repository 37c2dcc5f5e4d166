import { canonicalJson, type AuditEntry } from '../entry.js';

/**
 * NDJSON export: one JSON object per entry with every field (so an export can be re-verified against
 * the chain with the key), in a fixed field order, `details` with sorted keys. No trailing newline;
 * join lines with `\n`.
 */

const FIELD_ORDER = [
  'chain',
  'seq',
  'id',
  'at',
  'action',
  'actorId',
  'actorEmail',
  'targetType',
  'targetId',
  'teamId',
  'ip',
  'userAgent',
  'details',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof AuditEntry)[];

// Fails to compile when AuditEntry gains a field that the export would silently leave out.
const _everyField: [Exclude<keyof AuditEntry, (typeof FIELD_ORDER)[number]>] extends [never] ? true : false = true;

export function toNdjson(entry: AuditEntry): string {
  const parts = FIELD_ORDER.map((field) => `${JSON.stringify(field)}:${canonicalJson(entry[field], field)}`);
  return `{${parts.join(',')}}`;
}
