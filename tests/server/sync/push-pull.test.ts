/**
 * Pull and push over HTTP on both databases: a round trip, conflicts answered with both versions,
 * refusals that name the field, workspace visibility (404, anonymous readers of public workspaces,
 * Viewers who cannot push), a `since` beyond the latest change, and the push route's body limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openHarness, type Harness } from '../workspaces/harness.js';
import { collection, environment, pull, push, syncWorld, type PullPageView, type PushResultView, type SyncWorld } from './harness.js';

let counter = 0;
function freshId(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

describe.each(DATABASE_KINDS)('sync push and pull over HTTP on %s', (kind) => {
  let h: Harness;
  let world: SyncWorld;

  beforeAll(async () => {
    h = await openHarness(kind);
    world = await syncWorld(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('pushes new elements and pulls them back, paged by sequence number', async () => {
    const { workspaceId, editor, viewer } = world;
    const before = (await pull(h, viewer, workspaceId)).json<PullPageView>().currentSeq;
    const collectionId = freshId('col');
    const environmentId = freshId('env');
    const pushed = await push(h, editor, workspaceId, [
      { id: collectionId, type: 'collection', baseRevision: 0, content: collection('Things API') },
      { id: environmentId, type: 'environment', baseRevision: 0, content: environment('Staging', { baseUrl: 'https://staging.example.com' }) },
    ]);
    expect(pushed.statusCode).toBe(200);
    const result = pushed.json<PushResultView>();
    expect(result.conflicts).toEqual([]);
    expect(result.applied).toEqual([
      { id: collectionId, type: 'collection', revision: 1, seq: before + 1, deleted: false, unchanged: false },
      { id: environmentId, type: 'environment', revision: 1, seq: before + 2, deleted: false, unchanged: false },
    ]);
    expect(result.currentSeq).toBe(before + 2);

    const first = await pull(h, viewer, workspaceId, `?since=${before}&limit=1`);
    expect(first.statusCode).toBe(200);
    const page = first.json<PullPageView>();
    expect(page).toMatchObject({ workspaceId, since: before, currentSeq: before + 2, nextSince: before + 1, hasMore: true, ahead: false });
    expect(page.changes).toHaveLength(1);
    expect(page.changes[0]).toMatchObject({ id: collectionId, type: 'collection', revision: 1, seq: before + 1, deleted: false, name: 'Things API', updatedBy: editor.id });
    expect(page.changes[0]?.content).toMatchObject({ info: { name: 'Things API' }, item: [{ name: 'List things', request: { method: 'GET' } }] });

    const second = (await pull(h, viewer, workspaceId, `?since=${page.nextSince}`)).json<PullPageView>();
    expect(second).toMatchObject({ nextSince: before + 2, hasMore: false, ahead: false });
    expect(second.changes.map((c) => [c.id, c.name])).toEqual([[environmentId, 'Staging']]);
    expect(second.changes[0]?.content).toMatchObject({ name: 'Staging', values: [{ key: 'baseUrl', value: 'https://staging.example.com' }] });
  });

  it('answers a stale change with a conflict carrying both versions, and applies nothing over the other edit', async () => {
    const { workspaceId, owner, editor } = world;
    const id = freshId('col');
    expect((await push(h, owner, workspaceId, [{ id, type: 'collection', baseRevision: 0, content: collection('Shared', 'https://v1.example.com') }])).statusCode).toBe(200);
    const theirs = await push(h, editor, workspaceId, [{ id, type: 'collection', baseRevision: 1, content: collection('Shared', 'https://theirs.example.com') }]);
    expect(theirs.json<PushResultView>().applied).toMatchObject([{ id, revision: 2 }]);

    const mine = await push(h, owner, workspaceId, [{ id, type: 'collection', baseRevision: 1, content: collection('Shared', 'https://mine.example.com') }]);
    expect(mine.statusCode).toBe(200);
    const result = mine.json<PushResultView>();
    expect(result.applied).toEqual([]);
    expect(result.conflicts).toHaveLength(1);
    const conflict = result.conflicts[0];
    expect(conflict).toMatchObject({ id, type: 'collection', baseRevision: 1, reason: 'stale', server: { id, revision: 2, deleted: false, updatedBy: editor.id } });
    expect(JSON.stringify(conflict?.server.content)).toContain('theirs.example.com');
    expect(conflict?.client.deleted).toBe(false);
    expect(JSON.stringify(conflict?.client.content)).toContain('mine.example.com');

    const latest = (await pull(h, owner, workspaceId, `?since=${result.currentSeq - 1}`)).json<PullPageView>();
    const element = latest.changes.find((c) => c.id === id);
    expect(element?.revision).toBe(2);
    expect(JSON.stringify(element?.content)).toContain('theirs.example.com');
  });

  it('syncs a deletion as a tombstone', async () => {
    const { workspaceId, editor, viewer } = world;
    const id = freshId('env');
    await push(h, editor, workspaceId, [{ id, type: 'environment', baseRevision: 0, content: environment('Doomed', { a: '1' }) }]);
    const deleted = await push(h, editor, workspaceId, [{ id, type: 'environment', baseRevision: 1, deleted: true }]);
    expect(deleted.statusCode).toBe(200);
    const applied = deleted.json<PushResultView>().applied[0];
    expect(applied).toMatchObject({ id, revision: 2, deleted: true, unchanged: false });
    const page = (await pull(h, viewer, workspaceId, `?since=${(applied?.seq ?? 1) - 1}`)).json<PullPageView>();
    expect(page.changes.find((c) => c.id === id)).toMatchObject({ id, deleted: true, content: null, name: 'Doomed', revision: 2 });
  });

  it('refuses malformed pushes with 400 naming the field, and writes nothing', async () => {
    const { workspaceId, editor } = world;
    const before = (await pull(h, editor, workspaceId)).json<PullPageView>().currentSeq;
    const good = { id: freshId('col'), type: 'collection' as const, baseRevision: 0, content: collection('Fine') };
    const cases: { body: unknown; field: string | RegExp }[] = [
      { body: { changes: [good, { id: freshId('col'), type: 'collection', baseRevision: 0, content: 'not an object' }] }, field: 'changes[1].content' },
      { body: { changes: [{ id: freshId('col'), type: 'collection', baseRevision: 0, content: [1, 2] }] }, field: 'changes[0].content' },
      { body: { changes: [{ ...good, colour: 'red' }] }, field: 'changes[0].colour' },
      { body: { changes: [good], extra: true }, field: 'extra' },
      { body: { changes: [{ ...good, baseRevision: '1' }] }, field: 'changes[0].baseRevision' },
      { body: { changes: [{ ...good, baseRevision: -1 }] }, field: 'changes[0].baseRevision' },
      { body: { changes: [{ ...good, type: 'folder' }] }, field: 'changes[0].type' },
      { body: { changes: [{ ...good, id: 'has spaces' }] }, field: 'changes[0].id' },
      { body: { changes: 'all of them' }, field: 'changes' },
      { body: {}, field: 'changes' },
      // The Postman shape is the service's to check; the error still names the path inside the content.
      {
        body: { changes: [good, { id: freshId('col'), type: 'collection', baseRevision: 0, content: { info: { name: 'Broken', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'x', request: { method: 'GET', url: 42 } }] } }] },
        field: /^changes\[1\]\.content/,
      },
    ];
    for (const { body, field } of cases) {
      const response = await h.call(editor, 'POST', `/workspaces/${workspaceId}/sync/push`, body);
      const error = errorOf(response);
      expect({ status: response.statusCode, body }).toEqual({ status: 400, body });
      if (typeof field === 'string') expect(error.field).toBe(field);
      else expect(error.field).toMatch(field);
      expect(error.message.length).toBeGreaterThan(0);
    }
    const malformedJson = await h.app.inject({
      method: 'POST',
      url: `/workspaces/${workspaceId}/sync/push`,
      headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'application/json' },
      payload: '{"changes": [',
    });
    expect(malformedJson.statusCode).toBe(400);
    expect(errorOf(malformedJson)).toMatchObject({ code: 'BAD_REQUEST', field: 'body' });
    expect((await pull(h, editor, workspaceId)).json<PullPageView>().currentSeq).toBe(before);
  });

  it('refuses current values with 400 naming where they are', async () => {
    const content = { name: 'Local', values: [{ key: 'token', value: '', currentValue: 'my-own-secret', enabled: true }] };
    const response = await push(h, world.editor, world.workspaceId, [{ id: freshId('env'), type: 'environment', baseRevision: 0, content }]);
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('CURRENT_VALUES_REFUSED');
    expect(error.field).toMatch(/^changes\[0\]\.content\.values\[0\]/);
    expect(response.body).not.toContain('my-own-secret');
  });

  it('refuses an update of an unknown element id with 404 naming the change', async () => {
    const response = await push(h, world.editor, world.workspaceId, [{ id: freshId('ghost'), type: 'collection', baseRevision: 3, content: collection('Ghost') }]);
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toMatchObject({ code: 'ELEMENT_NOT_FOUND', field: 'changes[0].id' });
  });

  it('hides a workspace the caller cannot see behind 404 on every sync route', async () => {
    const { workspaceId, outsider } = world;
    const stranger = await h.user('stranger');
    for (const user of [outsider, stranger, null]) {
      const pulled = await pull(h, user, workspaceId);
      expect(pulled.statusCode).toBe(404);
      expect(errorOf(pulled)).toMatchObject({ code: 'NOT_FOUND', field: 'workspaceId' });
    }
    for (const user of [outsider, stranger]) {
      const pushed = await push(h, user, workspaceId, [{ id: freshId('col'), type: 'collection', baseRevision: 0, content: collection('Sneaky') }]);
      expect(pushed.statusCode).toBe(404);
      expect(errorOf(pushed)).toMatchObject({ code: 'NOT_FOUND', field: 'workspaceId' });
    }
    expect((await pull(h, world.owner, 'ws_does_not_exist')).statusCode).toBe(404);
  });

  it('lets anyone pull a public workspace but refuses an anonymous push (401)', async () => {
    const { owner, teamId } = world;
    const workspace = await h.workspace(owner, teamId, 'team', 'Open API');
    const id = freshId('col');
    expect((await push(h, owner, workspace.id, [{ id, type: 'collection', baseRevision: 0, content: collection('Open API') }])).statusCode).toBe(200);
    expect((await h.call(owner, 'PUT', `/workspaces/${workspace.id}/visibility`, { visibility: 'public' })).statusCode).toBe(200);

    const anonymous = await pull(h, null, workspace.id);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json<PullPageView>().changes.map((c) => c.id)).toEqual([id]);

    const pushed = await push(h, null, workspace.id, [{ id, type: 'collection', baseRevision: 1, content: collection('Defaced') }]);
    expect(pushed.statusCode).toBe(401);
    expect(errorOf(pushed).code).toBe('UNAUTHENTICATED');
    expect((await pull(h, null, workspace.id)).json<PullPageView>().changes[0]?.revision).toBe(1);
  });

  it("takes an API key for the key's own team only: another team's workspace is 404, or anonymous where public", async () => {
    const { owner, teamId, workspaceId } = world;
    const created = await h.call(owner, 'POST', `/teams/${teamId}/api-keys`, { name: 'sync' });
    expect(created.statusCode).toBe(201);
    const keyUser = { ...owner, token: created.json<{ key: string }>().key };
    const id = freshId('env');
    const pushed = await push(h, keyUser, workspaceId, [{ id, type: 'environment', baseRevision: 0, content: environment('From CI', { a: '1' }) }]);
    expect(pushed.statusCode).toBe(200);
    expect(pushed.json<PushResultView>().applied.map((a) => a.id)).toEqual([id]);
    expect((await pull(h, keyUser, workspaceId)).json<PullPageView>().changes.map((c) => c.id)).toContain(id);

    // The same owner's other team: the key is worth nothing there.
    const otherTeam = await h.team(owner, 'professional');
    const other = await h.workspace(owner, otherTeam, 'team', 'Elsewhere');
    const refused = await push(h, keyUser, other.id, [{ id: freshId('col'), type: 'collection', baseRevision: 0, content: collection('Via the wrong key') }]);
    expect(refused.statusCode).toBe(404);
    expect((await pull(h, keyUser, other.id)).statusCode).toBe(404);
    expect((await h.call(owner, 'PUT', `/workspaces/${other.id}/visibility`, { visibility: 'public' })).statusCode).toBe(200);
    expect((await pull(h, keyUser, other.id)).statusCode).toBe(200);
    expect((await push(h, keyUser, other.id, [{ id: freshId('col'), type: 'collection', baseRevision: 0, content: collection('Still no') }])).statusCode).toBe(404);
  });

  it("refuses a Viewer's push with 403 naming the change", async () => {
    const { workspaceId, viewer } = world;
    const response = await push(h, viewer, workspaceId, [{ id: freshId('col'), type: 'collection', baseRevision: 0, content: collection('Not mine to add') }]);
    expect(response.statusCode).toBe(403);
    const error = errorOf(response);
    expect(error.code).toBe('FORBIDDEN');
    expect(`${error.field ?? ''} ${error.message}`).toContain('changes[0]');
  });

  it('answers a since beyond the latest change with nothing, ahead: true and a message', async () => {
    const { workspaceId, viewer } = world;
    const currentSeq = (await pull(h, viewer, workspaceId)).json<PullPageView>().currentSeq;
    const response = await pull(h, viewer, workspaceId, `?since=${currentSeq + 15}`);
    expect(response.statusCode).toBe(200);
    const page = response.json<PullPageView>();
    // Start over: the client's state belongs to a history this server does not have.
    expect(page).toMatchObject({ since: currentSeq + 15, currentSeq, ahead: true, nextSince: 0, hasMore: true, changes: [] });
    expect(page.message).toContain(String(currentSeq + 15));
    expect(page.message).toContain(String(currentSeq));
  });

  it('refuses a bad pull query with 400 naming the parameter', async () => {
    const { workspaceId, viewer } = world;
    for (const [query, field] of [['?since=-1', 'since'], ['?since=abc', 'since'], ['?limit=0', 'limit'], ['?limit=501', 'limit'], ['?cursor=x', 'cursor']] as const) {
      const response = await pull(h, viewer, workspaceId, query);
      expect({ query, status: response.statusCode, field: errorOf(response).field }).toEqual({ query, status: 400, field });
    }
  });

  it('accepts a 2 MiB push (above the default body limit) and refuses a 17 MiB one with 413', async () => {
    const { workspaceId, editor } = world;
    const id = freshId('big');
    const big = collection('Big');
    (big['item'] as Record<string, unknown>[]).push({ name: 'Upload', request: { method: 'POST', url: 'https://api.example.com/upload', body: { mode: 'raw', raw: 'x'.repeat(2 * 1024 * 1024) } } });
    const accepted = await push(h, editor, workspaceId, [{ id, type: 'collection', baseRevision: 0, content: big }]);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<PushResultView>().applied).toMatchObject([{ id, revision: 1 }]);

    const huge = collection('Huge');
    (huge['item'] as Record<string, unknown>[]).push({ name: 'Upload', request: { method: 'POST', url: 'https://api.example.com/upload', body: { mode: 'raw', raw: 'x'.repeat(17 * 1024 * 1024) } } });
    const refused = await push(h, editor, workspaceId, [{ id: freshId('huge'), type: 'collection', baseRevision: 0, content: huge }]);
    expect(refused.statusCode).toBe(413);
    expect(errorOf(refused).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lists the sync routes in the OpenAPI document under the sync tag', async () => {
    const document = (await h.call(null, 'GET', '/openapi.json')).json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();
    expect(document.paths['/workspaces/{workspaceId}/sync/changes']?.['get']?.tags).toEqual(['sync']);
    expect(document.paths['/workspaces/{workspaceId}/sync/push']?.['post']?.tags).toEqual(['sync']);
    expect(document.paths['/workspaces/{workspaceId}/sync/live']?.['get']?.tags).toEqual(['sync']);
  });
});
