import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CollectionViewSchema, OPERATIONS } from '../../src/api/index.js';
import { draftOf, draftProblem, findFolder, idsUnder, levelsAbove, nearestAuth, nearestBehavior, patchOf, withBehavior } from '../../renderer/collection/level-draft.js';

type CollectionView = z.output<typeof CollectionViewSchema>;

const SECRET = { secret: true, set: true } as const;

/** Collection “Shop” (bearer, strict SSL off) › folder “Orders” (follow redirects off) › folder “Refunds”. */
const view: CollectionView = CollectionViewSchema.parse({
  id: 'c1',
  name: 'Shop',
  auth: { type: 'bearer', params: { token: '{{token}}' } },
  protocolProfileBehavior: { strictSSL: false, maxRedirects: 5 },
  variables: [{ key: 'token', type: 'secret', enabled: true, initialValue: SECRET, currentValue: SECRET }],
  items: [
    {
      kind: 'folder',
      id: 'orders',
      name: 'Orders',
      variables: [],
      protocolProfileBehavior: { followRedirects: false, maxRedirects: 2 },
      items: [{ kind: 'folder', id: 'refunds', name: 'Refunds', variables: [], items: [{ kind: 'request', id: 'r1', name: 'List', request: { url: '/r' } }] }],
    },
  ],
});

describe('a collection or folder settings draft', () => {
  it('lists a folder with everything inside it, for closing their tabs when it is deleted', () => {
    expect(idsUnder(view.items, 'orders')).toEqual(['orders', 'refunds', 'r1']);
    expect(idsUnder(view.items, 'refunds')).toEqual(['refunds', 'r1']);
    expect(idsUnder(view.items, 'r1')).toEqual(['r1']);
    expect(idsUnder(view.items, 'nope')).toEqual([]);
  });

  it('round-trips a collection into a patch both update operations accept, secrets as their markers', () => {
    const draft = draftOf(view);
    expect(draft).toMatchObject({ name: 'Shop', description: '', auth: { type: 'bearer' }, protocolProfileBehavior: { strictSSL: false, maxRedirects: 5 } });
    const patch = patchOf(draft);
    expect(patch.variables).toEqual([{ key: 'token', type: 'secret', enabled: true, initialValue: SECRET, currentValue: SECRET }]);
    expect(() => OPERATIONS['collections.update'].input.parse({ collectionId: 'c1', patch })).not.toThrow();
    expect(() => OPERATIONS['items.update'].input.parse({ collectionId: 'c1', itemId: 'orders', patch })).not.toThrow();
  });

  it('sends null for no auth and no settings, drops blank variable rows and leaves out a blank name', () => {
    const refunds = findFolder(view.items, 'refunds');
    if (!refunds) throw new Error('Refunds not found');
    const draft = { ...draftOf(refunds.folder), name: '  ', variables: [{ key: '', type: 'default' as const, initialValue: 'x', enabled: true }] };
    expect(draft.auth).toBeUndefined();
    expect(draft.protocolProfileBehavior).toBeUndefined();
    const patch = patchOf(draft);
    expect(patch).toMatchObject({ auth: null, protocolProfileBehavior: null, variables: [] });
    expect(patch).not.toHaveProperty('name');
    expect(draftProblem(draft)).toMatch(/name/);
    expect(draftProblem({ ...draft, name: 'Refunds' })).toBeNull();
  });

  it('sets and resets one TLS/redirect setting; resetting the last one leaves none', () => {
    const draft = draftOf(findFolder(view.items, 'refunds')?.folder ?? view);
    const set = withBehavior(draft, 'strictSSL', true);
    expect(set.protocolProfileBehavior).toEqual({ strictSSL: true });
    expect(withBehavior(set, 'strictSSL', undefined).protocolProfileBehavior).toBeUndefined();
    expect(draft.protocolProfileBehavior).toBeUndefined();
  });

  it('names what a folder inherits and from where: the nearest level wins', () => {
    expect(levelsAbove(view, null)).toEqual([]);
    const above = levelsAbove(view, 'refunds');
    expect(above.map((l) => l.label)).toEqual(['Collection “Shop”', 'Folder “Orders”']);
    expect(nearestAuth(above)).toEqual({ value: { type: 'bearer', params: { token: '{{token}}' } }, from: 'Collection “Shop”' });
    expect(nearestBehavior(above, 'maxRedirects')).toEqual({ value: 2, from: 'Folder “Orders”' });
    expect(nearestBehavior(above, 'strictSSL')).toEqual({ value: false, from: 'Collection “Shop”' });
    expect(nearestBehavior(above, 'tlsCipherSelection')).toBeNull();
    expect(nearestAuth(levelsAbove(view, 'orders'))?.from).toBe('Collection “Shop”');
  });
});
