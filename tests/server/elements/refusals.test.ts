/**
 * Bad pushes on both databases: each is refused as a whole with a clear error naming the field, and
 * nothing is written — not even the valid changes before the bad one in the same batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerError } from '../../../src/server/errors.js';
import type { WorkspaceAccess } from '../../../src/server/http/access.js';
import { PUSH_MAX_CHANGES, type PushChange } from '../../../src/server/services/elements/index.js';
import type { Actor } from '../../../src/server/services/workspaces/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { serverErrorFrom } from '../support/server-error.js';
import { collectionDoc, environmentDoc, globalsDoc, openElementsHarness, type ElementsHarness } from './harness.js';

describe.each(DATABASE_KINDS)('elements push refusals on %s', (kind) => {
  let h: ElementsHarness;
  let admin: Actor;
  let access: WorkspaceAccess;
  let workspaceId: string;

  beforeAll(async () => {
    h = await openElementsHarness(kind);
    ({ admin, access, workspaceId } = await h.fresh());
    // Existing state: a collection at revision 2, an environment at revision 1.
    await h.elements.push(admin, access, [
      { id: 'col', type: 'collection', baseRevision: 0, content: collectionDoc('Orders') },
      { id: 'env', type: 'environment', baseRevision: 0, content: environmentDoc('Staging') },
    ]);
    await h.elements.push(admin, access, [{ id: 'col', type: 'collection', baseRevision: 1, content: collectionDoc('Orders 2') }]);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A valid new element and a valid update go first: they must not be written either. */
  const validFirst = (): PushChange[] => [
    { id: `new-${Math.random().toString(36).slice(2, 8)}`, type: 'environment', baseRevision: 0, content: environmentDoc('Fresh') },
    { id: 'env', type: 'environment', baseRevision: 1, content: environmentDoc('Staging edited') },
  ];

  async function refused(bad: PushChange): Promise<ServerError> {
    const before = await h.snapshot(workspaceId);
    const heard = h.listen(workspaceId);
    const error = await serverErrorFrom(h.elements.push(admin, access, [...validFirst(), bad]));
    expect(await h.snapshot(workspaceId)).toEqual(before);
    expect(before.changeSeq).toBe(3);
    expect(heard).toEqual([]);
    return error;
  }

  it('refuses an unknown element id', async () => {
    const error = await refused({ id: 'nope', type: 'collection', baseRevision: 3, content: collectionDoc('X') });
    expect(error).toMatchObject({ code: 'ELEMENT_NOT_FOUND', status: 404, field: 'changes[2].id' });
    expect(error.message).toBe('changes[2].id: no element nope in this workspace at revision 3; a new element has baseRevision 0');
    const deletion = await refused({ id: 'nope', type: 'collection', baseRevision: 0, deleted: true });
    expect(deletion).toMatchObject({ code: 'ELEMENT_NOT_FOUND', field: 'changes[2].id', message: 'changes[2].id: no element nope in this workspace to delete; a new element has baseRevision 0' });
  });

  it('refuses a malformed collection, naming the JSON path inside the push', async () => {
    const bad = collectionDoc('Broken', { item: [{ name: 'Get', request: { method: 'GET', url: 42 } }] });
    const error = await refused({ id: 'broken', type: 'collection', baseRevision: 0, content: bad });
    expect(error).toMatchObject({ code: 'VALIDATION', status: 400 });
    expect(error.field).toMatch(/^changes\[2\]\.content\.item\[0\]\.request\.url/);
    expect(error.message.startsWith(`${error.field ?? ''}: `)).toBe(true);

    const notV2 = await refused({ id: 'v1', type: 'collection', baseRevision: 0, content: { info: { name: 'Old', schema: 'https://schema.getpostman.com/json/collection/v1.0.0/collection.json' }, requests: [] } });
    expect(notV2).toMatchObject({ code: 'VALIDATION', field: 'changes[2].content.info.schema' });
    const environmentAsCollection = await refused({ id: 'envcol', type: 'collection', baseRevision: 0, content: environmentDoc('Env') });
    expect(environmentAsCollection).toMatchObject({ code: 'VALIDATION', field: 'changes[2].content.info.schema' });
    const badValues = await refused({ id: 'badenv', type: 'environment', baseRevision: 0, content: { name: 'E', values: [{ value: 'x' }] } });
    expect(badValues).toMatchObject({ code: 'VALIDATION', field: 'changes[2].content.values[0].key' });
  });

  it('refuses a revision from the future', async () => {
    const error = await refused({ id: 'col', type: 'collection', baseRevision: 9, content: collectionDoc('Future') });
    expect(error).toMatchObject({ code: 'INVALID_REVISION', status: 400, field: 'changes[2].baseRevision' });
    expect(error.message).toBe('changes[2].baseRevision: revision 9 of collection col is from the future: the server has 2');
  });

  it('refuses an id twice in one push', async () => {
    const error = await refused({ id: 'env', type: 'environment', baseRevision: 1, deleted: true });
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'changes[2].id' });
    expect(error.message).toContain('already changed by changes[1]');
  });

  it('refuses content on a deletion, and an upsert without content', async () => {
    expect(await refused({ id: 'col', type: 'collection', baseRevision: 2, deleted: true, content: collectionDoc('X') })).toMatchObject({ code: 'VALIDATION', field: 'changes[2].content' });
    expect(await refused({ id: 'col', type: 'collection', baseRevision: 2 })).toMatchObject({ code: 'VALIDATION', field: 'changes[2].content' });
  });

  it('refuses a type that differs from the stored element', async () => {
    const error = await refused({ id: 'col', type: 'environment', baseRevision: 2, content: environmentDoc('Wrong') });
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'changes[2].type', message: 'changes[2].type: element col is a collection, not an environment' });
  });

  it('refuses bad ids, types, revisions and globals under another id', async () => {
    expect(await refused({ id: 'has space', type: 'collection', baseRevision: 0, content: collectionDoc('X') })).toMatchObject({ code: 'VALIDATION', field: 'changes[2].id' });
    expect(await refused({ id: 'x', type: 'folder' as 'collection', baseRevision: 0, content: collectionDoc('X') })).toMatchObject({ code: 'VALIDATION', field: 'changes[2].type' });
    expect(await refused({ id: 'x', type: 'collection', baseRevision: -1, content: collectionDoc('X') })).toMatchObject({ code: 'VALIDATION', field: 'changes[2].baseRevision' });
    expect(await refused({ id: 'my-globals', type: 'globals', baseRevision: 0, content: globalsDoc([]) })).toMatchObject({ code: 'VALIDATION', field: 'changes[2].id' });
    expect(await refused({ id: 'globals', type: 'environment', baseRevision: 0, content: environmentDoc('G') })).toMatchObject({ code: 'VALIDATION', field: 'changes[2].id' });
  });

  it('refuses more than the most changes a push may carry', async () => {
    const many: PushChange[] = Array.from({ length: PUSH_MAX_CHANGES + 1 }, (_, i) => ({ id: `m${i}`, type: 'environment', baseRevision: 0, content: environmentDoc(`M${i}`) }));
    const before = await h.snapshot(workspaceId);
    expect(await serverErrorFrom(h.elements.push(admin, access, many))).toMatchObject({ code: 'VALIDATION', field: 'changes' });
    expect(await h.snapshot(workspaceId)).toEqual(before);
  });

  describe('current values', () => {
    const MESSAGE = 'current values stay on the device; push initial values only';

    it('refuses an environment value with a current value', async () => {
      const content = environmentDoc('Cur');
      (content['values'] as Record<string, unknown>[]).push({ key: 'token', value: '', currentValue: 'local-only' });
      const error = await refused({ id: 'cur-env', type: 'environment', baseRevision: 0, content });
      expect(error).toMatchObject({ code: 'CURRENT_VALUES_REFUSED', status: 400, field: 'changes[2].content.values[1].currentValue' });
      expect(error.message).toBe(`changes[2].content.values[1].currentValue: ${MESSAGE}`);
    });

    it('refuses globals with a session value', async () => {
      const content = globalsDoc([{ key: 'a', value: 'b' }]);
      (content['values'] as Record<string, unknown>[])[0] = { key: 'a', value: 'b', session_value: 'mine' };
      expect(await refused({ id: 'globals', type: 'globals', baseRevision: 0, content })).toMatchObject({ code: 'CURRENT_VALUES_REFUSED', field: 'changes[2].content.values[0].session_value' });
    });

    it('refuses a collection variable with a current value', async () => {
      const content = collectionDoc('Vars', { variable: [{ key: 'base', value: 'https://x' }, { key: 'token', value: '', current_value: 'abc' }] });
      expect(await refused({ id: 'col', type: 'collection', baseRevision: 2, content })).toMatchObject({ code: 'CURRENT_VALUES_REFUSED', field: 'changes[2].content.variable[1].current_value' });
    });

    it('refuses a folder variable with a current value', async () => {
      const content = collectionDoc('Folders', {
        item: [
          { id: 'req', name: 'R', request: { method: 'GET', url: 'https://x' } },
          { id: 'f', name: 'Folder', item: [{ id: 'inner', name: 'Inner', item: [], variable: [{ key: 'v', value: '1', sessionValue: '2' }] }] },
        ],
      });
      expect(await refused({ id: 'folders', type: 'collection', baseRevision: 0, content })).toMatchObject({ code: 'CURRENT_VALUES_REFUSED', field: 'changes[2].content.item[1].item[0].variable[0].sessionValue' });
    });
  });
});
