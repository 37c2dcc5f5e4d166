/**
 * Pushes larger than the server takes in one body: the sync client halves its batch until each push
 * fits, and a change too large even alone is flagged (named, not retried) while the others still sync.
 * Against the real team server with its push body limit lowered to 24 KiB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, memorySyncState, type ElementContent, type SyncClient } from '../../src/sync/index.js';
import { DATABASE_KINDS } from '../server/support/context.js';
import { openTeamServer, sharedWorkspace, type SyncTestUser, type TeamServer } from './team-server.js';

const PUSH_BODY_LIMIT = 24 * 1024;
const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** A collection of about `kib` KiB: requests with long descriptions. */
function collection(name: string, kib: number): ElementContent {
  const item = Array.from({ length: kib }, (_, i) => ({ name: `Request ${i}`, request: { method: 'GET', url: `https://api.example.com/${i}`, description: 'x'.repeat(960) } }));
  return { info: { name, schema: SCHEMA }, item };
}

describe.each(DATABASE_KINDS)('pushes over the body limit, on %s', (kind) => {
  let server: TeamServer;
  let alice: SyncTestUser;
  let bob: SyncTestUser;
  let workspaceId: string;

  beforeAll(async () => {
    server = await openTeamServer(kind, { pushBodyLimit: PUSH_BODY_LIMIT });
    alice = await server.user('alice');
    bob = await server.user('bob');
    workspaceId = await sharedWorkspace(server, alice, [bob]);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A client whose fetch records the status of every push it makes. */
  function clientFor(user: SyncTestUser, pushStatuses: number[] = []): SyncClient {
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/sync/push')) pushStatuses.push(response.status);
      return response;
    };
    return createSyncClient({ baseUrl: server.baseUrl, token: user.token, workspaceId, state: memorySyncState(), fetch: recording });
  }

  it('splits a batch the server finds too large, flags the one change too large alone, and syncs the rest', async () => {
    const statuses: number[] = [];
    const a = clientFor(alice, statuses);
    await a.sync();
    const ids = Array.from({ length: 8 }, (_, i) => `col-${i}`);
    for (const id of ids) await a.upsert(id, 'collection', collection(`Part ${id}`, 5));
    await a.upsert('col-huge', 'collection', collection('Huge', 40));

    const summary = await a.sync();

    expect(summary.offline).toBe(false);
    expect(summary.pushed).toBe(ids.length);
    expect(summary.rejected.map((r) => r.id)).toEqual(['col-huge']);
    expect(summary.rejected[0]?.error).toMatchObject({ kind: 'refused', code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(summary.rejected[0]?.error.message).toBe('collection "Huge" is larger than the server accepts in one push; make it smaller to sync it');
    // Refused whole at first, then accepted in parts: more than one push went through.
    expect(statuses[0]).toBe(413);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(1);
    expect(await a.pending()).toMatchObject([{ id: 'col-huge', status: 'rejected' }]);

    // Flagged, not retried: the next sync sends nothing.
    statuses.length = 0;
    expect((await a.sync()).rejected).toEqual([]);
    expect(statuses).toEqual([]);

    // Everything else reached the server whole.
    const b = clientFor(bob);
    await b.sync();
    for (const id of ids) expect(await b.element(id)).toMatchObject({ status: 'synced', content: { info: { name: `Part ${id}` }, item: { length: 5 } } });
    expect(await b.element('col-huge')).toBeNull();
  });
});
