import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Folder, Item, RequestItem } from '../../src/model/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/postman/', import.meta.url));

/** A Postman export from tests/fixtures/postman, as the text a user's file would hold. */
export function readFixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export const COLLECTION_FIXTURES = ['petstore.postman_collection.json', 'legacy-v2.0.postman_collection.json'] as const;

/** The item at a path of names, e.g. `['Pets', 'Uploads', 'Upload photo']`. */
export function itemAt(items: readonly Item[], names: readonly string[]): Item {
  const [first, ...rest] = names;
  const item = items.find((candidate) => candidate.name === first);
  if (!item) throw new Error(`no item named ${String(first)}`);
  if (rest.length === 0) return item;
  if (item.kind !== 'folder') throw new Error(`${item.name} is not a folder`);
  return itemAt(item.items, rest);
}

export function requestAt(items: readonly Item[], names: readonly string[]): RequestItem {
  const item = itemAt(items, names);
  if (item.kind !== 'request') throw new Error(`${item.name} is not a request`);
  return item;
}

export function folderAt(items: readonly Item[], names: readonly string[]): Folder {
  const item = itemAt(items, names);
  if (item.kind !== 'folder') throw new Error(`${item.name} is not a folder`);
  return item;
}
