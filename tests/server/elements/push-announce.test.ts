/**
 * On PostgreSQL with the LISTEN/NOTIFY notifier, a push announces its new sequence inside its own
 * transaction, in the statement that writes its last element and moves the workspace's sequence. Through
 * the HTTP API: another process's notifier hears each push that wrote something, once, with the
 * sequence the pull then shows — and nothing for a push that wrote nothing or was refused.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServer } from '../../../src/server/compose.js';
import { postgresNotifier, type ChangeNotifier } from '../../../src/server/notify/index.js';
import { openHarness, type Harness, type TestUser } from '../workspaces/harness.js';

interface Heard {
  readonly workspaceId: string;
  readonly seq: number;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('push announcements on PostgreSQL', () => {
  let h: Harness;
  let here: ChangeNotifier;
  let elsewhere: ChangeNotifier;
  let app: FastifyInstance;
  let owner: TestUser;
  let workspaceId: string;
  const heard: Heard[] = [];

  beforeAll(async () => {
    h = await openHarness('postgres');
    here = await postgresNotifier(h.test.location, { log: () => undefined });
    elsewhere = await postgresNotifier(h.test.location, { log: () => undefined, applicationName: 'postern-other-process' });
    app = (await composeServer(h.test.ctx, { rateLimit: null, notifier: here })).app;
    await app.ready();
    owner = await h.user('owner');
    const teamId = await h.team(owner, 'professional');
    workspaceId = (await h.workspace(owner, teamId, 'team', 'Announced')).id;
    elsewhere.subscribe(workspaceId, (change) => heard.push(change));
  });
  afterAll(async () => {
    await app?.close();
    await here?.close();
    await elsewhere?.close();
    await h?.close();
  });

  async function push(changes: unknown[]): Promise<{ status: number; body: { applied: { id: string; seq: number }[]; conflicts: unknown[] } }> {
    const res = await app.inject({ method: 'POST', url: `/workspaces/${workspaceId}/sync/push`, headers: { authorization: `Bearer ${owner.token}` }, payload: { changes } });
    return { status: res.statusCode, body: res.json() };
  }

  const environment = (id: string, baseRevision: number, value: string) => ({ id, type: 'environment', baseRevision, content: { name: `Env ${id}`, values: [{ key: 'k', value }] } });

  it('hears each push that wrote, with its last sequence; nothing for one that wrote nothing or was refused', async () => {
    const created = await push([environment('env-a', 0, 'one')]);
    expect(created.status).toBe(200);
    await until(() => heard.length >= 1, 'the first announcement');

    const updated = await push([environment('env-a', 1, 'two'), environment('env-b', 0, 'three')]);
    expect(updated.status).toBe(200);
    expect(updated.body.applied.map((a) => a.seq)).toEqual([2, 3]);
    await until(() => heard.length >= 2, 'the second announcement');

    // Stale: a conflict, nothing written. Refused: an unknown element to update. Neither announces.
    const stale = await push([environment('env-a', 1, 'late')]);
    expect(stale.body.conflicts).toHaveLength(1);
    const refused = await push([environment('env-missing', 4, 'x')]);
    expect(refused.status).toBe(404);
    // A later push is heard next, so nothing was announced in between.
    await push([environment('env-c', 0, 'four')]);
    await until(() => heard.length >= 3, 'the third announcement');
    expect(heard).toEqual([{ workspaceId, seq: 1 }, { workspaceId, seq: 3 }, { workspaceId, seq: 4 }]);

    const pulled = await app.inject({ method: 'GET', url: `/workspaces/${workspaceId}/sync/changes?since=0`, headers: { authorization: `Bearer ${owner.token}` } });
    const page = pulled.json<{ currentSeq: number; changes: { id: string; revision: number; seq: number; content: { values: { value: string }[] } }[] }>();
    expect(page.currentSeq).toBe(4);
    expect(page.changes.map((c) => [c.id, c.revision, c.seq, c.content.values[0]?.value])).toEqual([
      ['env-a', 2, 2, 'two'],
      ['env-b', 1, 3, 'three'],
      ['env-c', 1, 4, 'four'],
    ]);
  });
});
