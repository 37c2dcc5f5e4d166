import { PosternError, walkRequests, type Collection, type Folder, type Item, type RequestItem } from '../model/index.js';
import { nearest } from './nearest.js';
import type { ItemRef } from './types.js';

/** A request the run sends, with the folders above it (outermost first) whose scripts and auth apply. */
export interface RunnableItem {
  readonly item: RequestItem;
  readonly parents: readonly Folder[];
  readonly ref: ItemRef;
  /** The folder holding the request, or the collection. */
  readonly parent: { readonly id: string; readonly name: string };
}

/**
 * The requests a run goes through, depth first in collection order. With `selection` (folder or request
 * names or ids, as newman's `--folder`), only the items under those; a name matches the first item of
 * that name, nearest the top of the tree first. Every entry must match something.
 */
export function selectRunnableItems(collection: Collection, selection: readonly string[] = []): RunnableItem[] {
  if (selection.length === 0) return flatten(collection, collection.items, []);
  if (selection.length === 1) {
    const wanted = selection[0] as string;
    const found = findItem(collection.items, wanted, []);
    if (!found) throw notFound(collection, wanted);
    return found.item.kind === 'request'
      ? [runnable(collection, found.item, found.parents)]
      : flatten(collection, found.item.items, [...found.parents, found.item]);
  }
  // Several entry points: one depth-first walk, so the run keeps the collection's order; an item under an
  // entry point already taken is not taken twice.
  const remaining = new Set(selection);
  const out: RunnableItem[] = [];
  const walk = (items: readonly Item[], parents: readonly Folder[], taken: boolean): void => {
    for (const item of items) {
      const key = remaining.has(item.id) ? item.id : remaining.has(item.name) ? item.name : undefined;
      if (key !== undefined) remaining.delete(key);
      const take = key !== undefined && !taken;
      if (item.kind === 'request') {
        if (take) out.push(runnable(collection, item, parents));
      } else {
        if (take) out.push(...flatten(collection, item.items, [...parents, item]));
        walk(item.items, [...parents, item], taken || take);
      }
    }
  };
  walk(collection.items, [], false);
  const missing = [...remaining][0];
  if (missing !== undefined) throw notFound(collection, missing);
  return out;
}

function flatten(collection: Collection, items: readonly Item[], parents: readonly Folder[]): RunnableItem[] {
  const out: RunnableItem[] = [];
  for (const { item, parents: inner } of walkRequests(items, parents)) out.push(runnable(collection, item, inner));
  return out;
}

function runnable(collection: Collection, item: RequestItem, parents: readonly Folder[]): RunnableItem {
  const last = parents[parents.length - 1];
  return {
    item,
    parents,
    ref: { id: item.id, name: item.name, path: [...parents.map((p) => p.name), item.name].join(' / ') },
    parent: last ? { id: last.id, name: last.name } : { id: collection.id, name: collection.name },
  };
}

/** Postman's lookup: this level's items first, then each child folder's subtree in order. */
function findItem(items: readonly Item[], wanted: string, parents: readonly Folder[]): { item: Item; parents: readonly Folder[] } | undefined {
  const here = items.find((item) => item.id === wanted || item.name === wanted);
  if (here) return { item: here, parents };
  for (const item of items) {
    if (item.kind !== 'folder') continue;
    const found = findItem(item.items, wanted, [...parents, item]);
    if (found) return found;
  }
  return undefined;
}

function allNames(items: readonly Item[], out: string[] = []): string[] {
  for (const item of items) {
    out.push(item.name);
    if (item.kind === 'folder') allNames(item.items, out);
  }
  return out;
}

function notFound(collection: Collection, wanted: string): PosternError {
  const suggestion = nearest(wanted, allNames(collection.items));
  const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
  return new PosternError('INVALID_INPUT', `no folder or request "${wanted}" in collection "${collection.name}"${hint}`, { path: 'folder' });
}
