/**
 * Current values stay on the device: only initial (shared) values sync. A push whose content carries a
 * current value anywhere a variable can hold one — an environment's or the globals' `values[i]`, a
 * collection's or a folder's `variable[i]` — is refused, naming the first such key.
 */
import type { JsonPath } from '../../../formats/json-path.js';
import { CURRENT_VALUE_KEYS } from '../../../formats/postman/current-value-keys.js';
import type { ElementContent, SyncElementType } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path of the first current value in a list of variables, or null. */
function inVariables(list: unknown, path: JsonPath): JsonPath | null {
  if (!Array.isArray(list)) return null;
  for (const [index, variable] of list.entries()) {
    if (!isRecord(variable)) continue;
    const key = CURRENT_VALUE_KEYS.find((name) => Object.hasOwn(variable, name));
    if (key !== undefined) return [...path, index, key];
  }
  return null;
}

/** Collection and folder variables, depth first in document order (requests may carry `variable` too). */
function inItems(items: unknown, path: JsonPath): JsonPath | null {
  if (!Array.isArray(items)) return null;
  for (const [index, item] of items.entries()) {
    if (!isRecord(item)) continue;
    const found = inVariables(item['variable'], [...path, index, 'variable']) ?? inItems(item['item'], [...path, index, 'item']);
    if (found !== null) return found;
  }
  return null;
}

/** Where in `content` a current value sits (a JSON path inside the content), or null when there is none. */
export function findCurrentValue(type: SyncElementType, content: ElementContent): JsonPath | null {
  if (type === 'collection') return inVariables(content['variable'], ['variable']) ?? inItems(content['item'], ['item']);
  return inVariables(content['values'], ['values']);
}
