import { describe, expect, it } from 'vitest';
import { CollectionSchema } from '../model/index.js';
import { selectRunnableItems } from './select-items.js';

const collection = CollectionSchema.parse({
  id: 'c',
  name: 'Shop',
  items: [
    { kind: 'request', id: 'r0', name: 'health', request: { url: 'x' } },
    {
      kind: 'folder',
      id: 'f1',
      name: 'Users',
      items: [
        { kind: 'request', id: 'r1', name: 'list', request: { url: 'x' } },
        { kind: 'folder', id: 'f2', name: 'Admin', items: [{ kind: 'request', id: 'r2', name: 'ban', request: { url: 'x' } }] },
      ],
    },
    { kind: 'folder', id: 'f3', name: 'Orders', items: [{ kind: 'request', id: 'r3', name: 'list', request: { url: 'x' } }] },
  ],
});

const ids = (selection?: string[]): string[] => selectRunnableItems(collection, selection).map((entry) => entry.item.id);

describe('selectRunnableItems', () => {
  it('walks every request depth first with its folders', () => {
    const all = selectRunnableItems(collection);
    expect(all.map((entry) => entry.item.id)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(all[2]?.ref.path).toBe('Users / Admin / ban');
    expect(all[2]?.parents.map((folder) => folder.id)).toEqual(['f1', 'f2']);
    expect(all[2]?.parent).toEqual({ id: 'f2', name: 'Admin' });
    expect(all[0]?.parent).toEqual({ id: 'c', name: 'Shop' });
  });

  it('runs one folder (by name or id) with the folders above it kept for scripts and auth', () => {
    expect(ids(['Admin'])).toEqual(['r2']);
    expect(selectRunnableItems(collection, ['f2'])[0]?.parents.map((folder) => folder.name)).toEqual(['Users', 'Admin']);
    // A name matches nearest the top first: the Users folder's "list" before Orders' "list".
    expect(ids(['list'])).toEqual(['r1']);
  });

  it('runs several folders in collection order, each request once', () => {
    expect(ids(['Orders', 'Users'])).toEqual(['r1', 'r2', 'r3']);
    expect(ids(['Admin', 'Users'])).toEqual(['r1', 'r2']);
    expect(ids(['health', 'Orders'])).toEqual(['r0', 'r3']);
  });

  it('refuses a folder the collection does not have, suggesting the nearest name', () => {
    expect(() => selectRunnableItems(collection, ['Userz'])).toThrow('no folder or request "Userz" in collection "Shop"; did you mean "Users"?');
    expect(() => selectRunnableItems(collection, ['Users', 'Nothing like it'])).toThrow(/no folder or request "Nothing like it"/);
  });
});
