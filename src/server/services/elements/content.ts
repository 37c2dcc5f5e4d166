/**
 * Canonical content: what a pushed element is stored and compared as. A collection is imported through
 * src/formats (Postman v2.0 or v2.1) and exported as v2.1; an environment or the globals as their export
 * shape without `_postman_exported_at`. The same input always gives the same canonical JSON — ids the
 * document lacks are derived from the element id and the item's place instead of drawn at random — so a
 * retried push can be recognised as what the server already has.
 */
import { createHash } from 'node:crypto';
import {
  detectPostmanCollectionVersion,
  exportPostmanCollection,
  exportPostmanEnvironment,
  exportPostmanGlobals,
  importPostmanCollection,
  importPostmanEnvironment,
  importPostmanGlobals,
} from '../../../formats/index.js';
import { PosternError } from '../../../model/index.js';
import { ServerError } from '../../errors.js';
import type { ElementContent, SyncElementType } from './types.js';

export interface CanonicalContent {
  readonly content: ElementContent;
  /** `JSON.stringify(content)`: what is sealed, and what two versions are compared by. */
  readonly json: string;
  /** Collection `info.name`; environment and globals `name`. */
  readonly name: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

/** A UUID-shaped id that depends only on its inputs. */
function derivedId(elementId: string, place: string): string {
  const hex = createHash('sha256').update(`${elementId}\u0000${place}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Gives every item without an id one derived from its place, in a copy (the caller's object is not changed). */
function withItemIds(items: unknown, elementId: string, place: string): unknown {
  if (!Array.isArray(items)) return items;
  return items.map((item: unknown, index) => {
    if (!isRecord(item)) return item;
    const here = `${place}[${index}]`;
    const copy: Record<string, unknown> = { ...item };
    if (isMissing(copy['id']) && isMissing(copy['_postman_id'])) copy['id'] = derivedId(elementId, here);
    if (Array.isArray(copy['item'])) copy['item'] = withItemIds(copy['item'], elementId, `${here}.item`);
    return copy;
  });
}

function canonicalCollection(elementId: string, raw: ElementContent): ElementContent {
  if (detectPostmanCollectionVersion(raw) === undefined) {
    throw new PosternError('INVALID_COLLECTION', 'expected a Postman collection v2.1 (or v2.0): info.schema names neither', { path: 'info.schema' });
  }
  const info = isRecord(raw['info']) ? { ...raw['info'] } : raw['info'];
  if (isRecord(info) && isMissing(info['_postman_id'])) info['_postman_id'] = elementId;
  const document = { ...raw, info, item: withItemIds(raw['item'], elementId, 'item') };
  return exportPostmanCollection(importPostmanCollection(document)) as unknown as ElementContent;
}

function canonicalVariables(type: 'environment' | 'globals', elementId: string, raw: ElementContent): ElementContent {
  const document = isMissing(raw['id']) ? { ...raw, id: elementId } : raw;
  const exported = type === 'environment' ? exportPostmanEnvironment(importPostmanEnvironment(document)) : exportPostmanGlobals(importPostmanGlobals(document));
  return exported as unknown as ElementContent;
}

function nameOf(type: SyncElementType, content: ElementContent): string {
  const holder = type === 'collection' ? content['info'] : content;
  const name = isRecord(holder) ? holder['name'] : undefined;
  return typeof name === 'string' ? name : '';
}

/** `changes[3].content` + `item[0].request.url` → `changes[3].content.item[0].request.url`. */
export function contentField(index: number, path: string | undefined): string {
  const base = `changes[${index}].content`;
  if (path === undefined || path === '') return base;
  return path.startsWith('[') ? `${base}${path}` : `${base}.${path}`;
}

/**
 * The canonical form of one pushed element's content; a malformed document is a 400 VALIDATION whose
 * field is the JSON path of the problem inside the push (`changes[3].content.item[0].request.url`).
 */
export function canonicalise(index: number, elementId: string, type: SyncElementType, raw: ElementContent): CanonicalContent {
  let content: ElementContent;
  try {
    content = type === 'collection' ? canonicalCollection(elementId, raw) : canonicalVariables(type, elementId, raw);
  } catch (error) {
    if (!(error instanceof PosternError)) throw error;
    const field = contentField(index, error.where.path);
    throw new ServerError('VALIDATION', `${field}: ${error.message} (element ${elementId}, a ${type})`, { field }, { cause: error });
  }
  return { content, json: JSON.stringify(content), name: nameOf(type, content) };
}
