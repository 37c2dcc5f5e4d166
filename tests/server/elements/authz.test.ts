/**
 * Who may push and pull, on both databases: workspace roles, element roles refining them for one element
 * (up and down), team members without a role, and readers of a public workspace. A refused change
 * refuses the whole push with FORBIDDEN naming it, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushChange } from '../../../src/server/services/elements/index.js';
import type { Actor } from '../../../src/server/services/workspaces/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { serverErrorFrom } from '../support/server-error.js';
import { collectionDoc, environmentDoc, openElementsHarness, type ElementsHarness } from './harness.js';

describe.each(DATABASE_KINDS)('elements permissions on %s', (kind) => {
  let h: ElementsHarness;
  let admin: Actor;
  let teamId: string;
  let workspaceId: string;

  beforeAll(async () => {
    h = await openElementsHarness(kind);
    const fresh = await h.fresh();
    ({ admin, teamId, workspaceId } = fresh);
    await h.elements.push(admin, fresh.access, [
      { id: 'orders', type: 'collection', baseRevision: 0, content: collectionDoc('Orders') },
      { id: 'billing', type: 'collection', baseRevision: 0, content: collectionDoc('Billing') },
      { id: 'prod', type: 'environment', baseRevision: 0, content: environmentDoc('Prod') },
    ]);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function withRole(role: 'editor' | 'viewer' | null): Promise<Actor> {
    const user = await h.user(role ?? 'member');
    await h.member(admin, teamId, user);
    if (role !== null) await h.role(admin, workspaceId, user, role);
    return user;
  }

  async function revisionOf(id: string): Promise<number> {
    const row = await h.test.ctx.db.selectFrom('elements').select('revision').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirstOrThrow();
    return Number(row.revision);
  }

  async function refusedFor(user: Actor, changes: PushChange[], field: string): Promise<void> {
    const before = await h.snapshot(workspaceId);
    const error = await serverErrorFrom(h.elements.push(user, await h.access(workspaceId, user), changes));
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403, field });
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(await h.snapshot(workspaceId)).toEqual(before);
  }

  it('lets a workspace Viewer pull but not create, update or delete', async () => {
    const viewer = await withRole('viewer');
    const access = await h.access(workspaceId, viewer);
    expect((await h.elements.pull(access, 0, 100)).changes.map((c) => c.id)).toEqual(expect.arrayContaining(['orders', 'billing', 'prod']));
    await refusedFor(viewer, [{ id: 'v-new', type: 'collection', baseRevision: 0, content: collectionDoc('New') }], 'changes[0]');
    const orders = await revisionOf('orders');
    await refusedFor(viewer, [{ id: 'orders', type: 'collection', baseRevision: orders, content: collectionDoc('Edited') }], 'changes[0]');
    await refusedFor(viewer, [{ id: 'prod', type: 'environment', baseRevision: await revisionOf('prod'), deleted: true }], 'changes[0]');
  });

  it('refuses a team member without a workspace role, and names the refused change in a mixed push', async () => {
    const member = await withRole(null);
    expect((await h.elements.pull(await h.access(workspaceId, member), 0, 100)).changes.length).toBeGreaterThanOrEqual(3);
    await refusedFor(member, [{ id: 'm-new', type: 'environment', baseRevision: 0, content: environmentDoc('M') }], 'changes[0]');
    // An Editor's valid change first, then one they may not make (an element Viewer role): all refused.
    const editor = await withRole('editor');
    await h.elementRole(admin, workspaceId, { type: 'collection', id: 'billing' }, editor, 'viewer');
    await refusedFor(
      editor,
      [
        { id: 'e-new', type: 'environment', baseRevision: 0, content: environmentDoc('E') },
        { id: 'billing', type: 'collection', baseRevision: await revisionOf('billing'), content: collectionDoc('Billing by editor') },
      ],
      'changes[1]',
    );
  });

  it('lets an element Editor role on a Viewer update that one element only', async () => {
    const viewer = await withRole('viewer');
    await h.elementRole(admin, workspaceId, { type: 'collection', id: 'orders' }, viewer, 'editor');
    const access = await h.access(workspaceId, viewer);
    const base = await revisionOf('orders');
    const result = await h.elements.push(viewer, access, [{ id: 'orders', type: 'collection', baseRevision: base, content: collectionDoc('Orders by viewer') }]);
    expect(result.applied).toMatchObject([{ id: 'orders', revision: base + 1, unchanged: false }]);
    const pulled = await h.elements.pull(access, result.currentSeq - 1, 10);
    expect(pulled.changes).toMatchObject([{ id: 'orders', name: 'Orders by viewer', updatedBy: viewer.userId }]);
    await refusedFor(viewer, [{ id: 'billing', type: 'collection', baseRevision: await revisionOf('billing'), content: collectionDoc('Nope') }], 'changes[0]');
    // Nor does it let them add elements.
    await refusedFor(viewer, [{ id: 'viewer-env', type: 'environment', baseRevision: 0, content: environmentDoc('Viewer env') }], 'changes[0]');
  });

  it('blocks an Editor from updating or deleting an element where they hold the element Viewer role', async () => {
    const editor = await withRole('editor');
    await h.elementRole(admin, workspaceId, { type: 'environment', id: 'prod' }, editor, 'viewer');
    const prod = await revisionOf('prod');
    await refusedFor(editor, [{ id: 'prod', type: 'environment', baseRevision: prod, content: environmentDoc('Prod edited') }], 'changes[0]');
    await refusedFor(editor, [{ id: 'prod', type: 'environment', baseRevision: prod, deleted: true }], 'changes[0]');
    // Elsewhere they are still an Editor.
    const access = await h.access(workspaceId, editor);
    const billing = await revisionOf('billing');
    const result = await h.elements.push(editor, access, [{ id: 'billing', type: 'collection', baseRevision: billing, content: collectionDoc('Billing by editor') }]);
    expect(result.applied).toMatchObject([{ id: 'billing', revision: billing + 1 }]);
    // And they still read the element they cannot change.
    expect((await h.elements.pull(access, 0, 100)).changes.some((c) => c.id === 'prod')).toBe(true);
  });

  it('pulls every element for holders of element roles (they refine, never hide), with nextSince moving page by page', async () => {
    // authz: element.view is allowed to Editors and Viewers alike, so an element role cannot hide an
    // element; a pull must still cover every seq exactly once, one page at a time.
    const viewer = await withRole('viewer');
    await h.elementRole(admin, workspaceId, { type: 'collection', id: 'orders' }, viewer, 'viewer');
    await h.elementRole(admin, workspaceId, { type: 'environment', id: 'prod' }, viewer, 'editor');
    const access = await h.access(workspaceId, viewer);
    const all = await h.elements.pull(access, 0, 500);
    const seen: string[] = [];
    const sinces: number[] = [];
    let since = 0;
    for (;;) {
      const page = await h.elements.pull(access, since, 1);
      seen.push(...page.changes.map((c) => c.id));
      expect(page.nextSince).toBeGreaterThan(since);
      since = page.nextSince;
      sinces.push(since);
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(all.changes.map((c) => c.id));
    expect(sinces).toEqual(all.changes.map((c) => c.seq));
    expect(since).toBe(all.currentSeq);
  });

  it('lets anyone pull a public workspace but only its editors push', async () => {
    const fresh = await h.fresh();
    await h.elements.push(fresh.admin, fresh.access, [{ id: 'pub', type: 'collection', baseRevision: 0, content: collectionDoc('Public API') }]);
    await h.workspaces.changeVisibility(fresh.admin, fresh.workspaceId, 'public');
    const anonymous = await h.access(fresh.workspaceId, null);
    expect((await h.elements.pull(anonymous, 0, 10)).changes).toMatchObject([{ id: 'pub', name: 'Public API' }]);
    const outsider = await h.user('outsider');
    const outsiderAccess = await h.access(fresh.workspaceId, outsider);
    expect((await h.elements.pull(outsiderAccess, 0, 10)).changes).toHaveLength(1);
    const error = await serverErrorFrom(h.elements.push(outsider, outsiderAccess, [{ id: 'pub', type: 'collection', baseRevision: 1, content: collectionDoc('Defaced') }]));
    expect(error).toMatchObject({ code: 'FORBIDDEN', field: 'changes[0]' });
    expect((await h.elements.pull(anonymous, 0, 10)).changes).toMatchObject([{ revision: 1, name: 'Public API' }]);
  });
});
