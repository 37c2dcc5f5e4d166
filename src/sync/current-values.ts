/**
 * Current values never leave the device (issue 7 §2): only initial (shared) values sync. Before a push,
 * every variable's current value is stripped: the keys below on an environment's or globals' `values[i]`
 * and on a collection's or any folder's `variable[i]`. After a pull, the device's own current values are
 * carried over onto the server's version, matched by scope (folder names) and variable key.
 */
import { CURRENT_VALUE_KEYS } from '../formats/postman/current-value-keys.js';
import type { ElementContent } from './wire.js';

export { CURRENT_VALUE_KEYS };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutCurrent(entry: unknown): unknown {
  if (!isObject(entry)) return entry;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(entry)) if (!CURRENT_VALUE_KEYS.includes(key)) copy[key] = value;
  return copy;
}

function stripNode(node: JsonObject): JsonObject {
  const copy: JsonObject = { ...node };
  if (Array.isArray(node['values'])) copy['values'] = node['values'].map(withoutCurrent);
  if (Array.isArray(node['variable'])) copy['variable'] = node['variable'].map(withoutCurrent);
  if (Array.isArray(node['item'])) copy['item'] = node['item'].map((child) => (isObject(child) ? stripNode(child) : child));
  return copy;
}

/**
 * A copy of `content` without any current value, whatever the element type says (a mislabelled element
 * must not leak either). The input is not changed.
 */
export function stripCurrentValues(content: ElementContent): ElementContent {
  return stripNode(content);
}

/** True when `content` still carries a current value somewhere stripCurrentValues would look. */
export function hasCurrentValues(content: ElementContent): boolean {
  const carries = (list: unknown): boolean => Array.isArray(list) && list.some((entry) => isObject(entry) && CURRENT_VALUE_KEYS.some((key) => key in entry));
  const visit = (node: JsonObject): boolean =>
    carries(node['values']) || carries(node['variable']) || (Array.isArray(node['item']) && node['item'].some((child) => isObject(child) && visit(child)));
  return visit(content);
}

/** `scope\u0000key` → the current-value keys of that variable on this device. */
function collectCurrent(node: JsonObject, scope: string, into: Map<string, JsonObject>): void {
  for (const listKey of ['values', 'variable']) {
    const list = node[listKey];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isObject(entry) || typeof entry['key'] !== 'string') continue;
      const kept: JsonObject = {};
      for (const key of CURRENT_VALUE_KEYS) if (key in entry) kept[key] = entry[key];
      if (Object.keys(kept).length > 0) into.set(`${scope}\u0000${entry['key']}`, kept);
    }
  }
  if (Array.isArray(node['item'])) {
    for (const child of node['item']) if (isObject(child)) collectCurrent(child, `${scope}/${String(child['name'] ?? '')}`, into);
  }
}

function applyCurrent(node: JsonObject, scope: string, from: Map<string, JsonObject>): JsonObject {
  const copy: JsonObject = { ...node };
  for (const listKey of ['values', 'variable']) {
    const list = node[listKey];
    if (!Array.isArray(list)) continue;
    copy[listKey] = list.map((entry: unknown) => {
      if (!isObject(entry) || typeof entry['key'] !== 'string') return entry;
      const kept = from.get(`${scope}\u0000${entry['key']}`);
      return kept === undefined ? entry : { ...entry, ...kept };
    });
  }
  if (Array.isArray(node['item'])) {
    copy['item'] = node['item'].map((child: unknown) => (isObject(child) ? applyCurrent(child, `${scope}/${String(child['name'] ?? '')}`, from) : child));
  }
  return copy;
}

/**
 * The server's `incoming` version with the device's current values from `local` put back on the
 * variables that still exist (same folder path, same key). Variables the server dropped lose theirs.
 */
export function carryCurrentValues(local: ElementContent | null, incoming: ElementContent): ElementContent {
  if (local === null) return incoming;
  const current = new Map<string, JsonObject>();
  collectCurrent(local, '', current);
  return current.size === 0 ? incoming : applyCurrent(incoming, '', current);
}
