/**
 * The first half of push validation, which needs no database: the batch's size and shape, element ids and
 * types, the globals rule, no id twice, content on upserts only, no current values, and content that
 * imports as the Postman shape of its type. Any failure refuses the whole push (nothing is written).
 */
import { ServerError } from '../../errors.js';
import { canonicalise, contentField, type CanonicalContent } from './content.js';
import { findCurrentValue } from './current-values.js';
import { formatJsonPath } from '../../../formats/index.js';
import {
  ELEMENT_ID_PATTERN,
  GLOBALS_ELEMENT_ID,
  PUSH_MAX_CHANGES,
  SYNC_ELEMENT_TYPES,
  type ElementContent,
  type PushChange,
  type SyncElementType,
} from './types.js';

/** One change after validation: an upsert carries its canonical content, a deletion none. */
export interface PreparedChange {
  /** Its place in the push, for error fields (`changes[3]`). */
  readonly index: number;
  readonly id: string;
  readonly type: SyncElementType;
  readonly baseRevision: number;
  readonly deleted: boolean;
  readonly canonical: CanonicalContent | null;
}

export function isSyncElementType(value: unknown): value is SyncElementType {
  return typeof value === 'string' && (SYNC_ELEMENT_TYPES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(field: string, message: string): ServerError {
  return new ServerError('VALIDATION', `${field}: ${message}`, { field });
}

/** The id, type and base revision of one change, checked (the route checks them too; the service does not rely on it). */
function checkIdentity(change: PushChange, index: number): void {
  const at = `changes[${index}]`;
  const { id, type, baseRevision } = change as { id: unknown; type: unknown; baseRevision: unknown };
  if (typeof id !== 'string' || !ELEMENT_ID_PATTERN.test(id)) {
    throw refuse(`${at}.id`, 'an element id is 1 to 64 letters, digits, "-" or "_", starting with a letter or digit');
  }
  if (!isSyncElementType(type)) throw refuse(`${at}.type`, `type must be one of ${SYNC_ELEMENT_TYPES.join(', ')}`);
  if ((type === 'globals') !== (id === GLOBALS_ELEMENT_ID)) {
    throw refuse(`${at}.id`, `the workspace's globals have type globals and id "${GLOBALS_ELEMENT_ID}", and only they do (got ${type} "${id}")`);
  }
  if (typeof baseRevision !== 'number' || !Number.isSafeInteger(baseRevision) || baseRevision < 0) {
    throw refuse(`${at}.baseRevision`, 'baseRevision must be a whole number ≥ 0 (0: a new element)');
  }
}

function prepareOne(change: PushChange, index: number): PreparedChange {
  checkIdentity(change, index);
  const at = `changes[${index}]`;
  const { deleted, content } = change as { deleted: unknown; content: unknown };
  if (deleted !== undefined && typeof deleted !== 'boolean') throw refuse(`${at}.deleted`, 'deleted must be true or false');
  const base = { index, id: change.id, type: change.type, baseRevision: change.baseRevision };
  if (deleted === true) {
    if (content !== undefined) throw refuse(`${at}.content`, 'a deletion carries no content');
    return { ...base, deleted: true, canonical: null };
  }
  if (!isRecord(content)) throw refuse(`${at}.content`, `an upsert needs content: the ${change.type} as a JSON object`);
  assertNoCurrentValues(index, change.type, content);
  return { ...base, deleted: false, canonical: canonicalise(index, change.id, change.type, content) };
}

function assertNoCurrentValues(index: number, type: SyncElementType, content: ElementContent): void {
  const path = findCurrentValue(type, content);
  if (path === null) return;
  const field = contentField(index, formatJsonPath(path));
  throw new ServerError('CURRENT_VALUES_REFUSED', `${field}: current values stay on the device; push initial values only`, { field });
}

/** Every change validated and canonicalised, in order; throws on the first that is not acceptable. */
export function prepareChanges(changes: readonly PushChange[]): PreparedChange[] {
  if (!Array.isArray(changes)) throw refuse('changes', 'changes must be a list');
  if (changes.length > PUSH_MAX_CHANGES) {
    throw refuse('changes', `a push carries at most ${PUSH_MAX_CHANGES} changes (got ${changes.length}); push the rest in another`);
  }
  const seen = new Map<string, number>();
  const prepared: PreparedChange[] = [];
  for (const [index, change] of changes.entries()) {
    const value: unknown = change;
    if (!isRecord(value)) throw refuse(`changes[${index}]`, 'each change must be an object');
    const one = prepareOne(change, index);
    const first = seen.get(one.id);
    if (first !== undefined) throw refuse(`changes[${index}].id`, `element ${one.id} is already changed by changes[${first}]; one change per element in a push`);
    seen.set(one.id, index);
    prepared.push(one);
  }
  return prepared;
}
