/**
 * Encryption at rest (issue 7 §3): pushed content — environment secrets, a bearer token in a collection,
 * global values — is sealed in the database. The raw SQLite file (and its write-ahead log) and the raw
 * PostgreSQL rows hold none of the secret strings, while a pull returns them intact.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealedValue } from '../../../src/server/crypto/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { collectionDoc, environmentDoc, globalsDoc, openElementsHarness, type ElementsHarness } from './harness.js';

describe.each(DATABASE_KINDS)('element content at rest on %s', (kind) => {
  let h: ElementsHarness;
  beforeAll(async () => {
    h = await openElementsHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Everything the database holds for the workspace's elements, as raw text or bytes. */
  async function rawStorage(workspaceId: string): Promise<string> {
    if (kind === 'sqlite') {
      const file = h.test.location;
      const parts = [file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path));
      return Buffer.concat(parts).toString('latin1');
    }
    const rows = await sql<{ row: string }>`select e::text as row from elements e where e.workspace_id = ${workspaceId}`.execute(h.test.ctx.db);
    return rows.rows.map((r) => r.row).join('\n');
  }

  it('keeps secret values and tokens out of the stored bytes, and pulls them back', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    const envSecret = `env-secret-${randomBytes(8).toString('hex')}`;
    const plainValue = `plain-initial-${randomBytes(8).toString('hex')}`;
    const bearer = `bearer-token-${randomBytes(8).toString('hex')}`;
    const globalSecret = `global-secret-${randomBytes(8).toString('hex')}`;
    const collectionName = `Payments API ${randomBytes(4).toString('hex')}`;
    await h.elements.push(admin, access, [
      { id: 'env-vault', type: 'environment', baseRevision: 0, content: environmentDoc('Production', [{ key: 'apiKey', value: envSecret, type: 'secret' }, { key: 'host', value: plainValue }]) },
      {
        id: 'payments',
        type: 'collection',
        baseRevision: 0,
        content: collectionDoc(collectionName, { auth: { type: 'bearer', bearer: [{ key: 'token', value: bearer, type: 'string' }] } }),
      },
      { id: 'globals', type: 'globals', baseRevision: 0, content: globalsDoc([{ key: 'signing', value: globalSecret }]) },
    ]);

    const raw = await rawStorage(workspaceId);
    // The read is real: the element's plaintext columns (names, ids) are there…
    expect(raw).toContain(collectionName);
    expect(raw).toContain('env-vault');
    // …and none of the content is.
    for (const secret of [envSecret, plainValue, bearer, globalSecret]) expect(raw).not.toContain(secret);

    const stored = await h.test.ctx.db.selectFrom('elements').select(['id', 'content']).where('workspace_id', '=', workspaceId).execute();
    expect(stored).toHaveLength(3);
    for (const row of stored) expect(isSealedValue(row.content ?? '')).toBe(true);

    const page = await h.elements.pull(access, 0, 100);
    const byId = new Map(page.changes.map((c) => [c.id, c]));
    expect(byId.get('env-vault')?.content?.['values']).toEqual([
      { key: 'apiKey', value: envSecret, type: 'secret', enabled: true },
      { key: 'host', value: plainValue, type: 'default', enabled: true },
    ]);
    expect(byId.get('payments')?.content?.['auth']).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: bearer, type: 'string' }] });
    expect(JSON.stringify(byId.get('globals')?.content)).toContain(globalSecret);
  });

  it('binds sealed content to its element: content copied to another row does not open', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    await h.elements.push(admin, access, [
      { id: 'a', type: 'environment', baseRevision: 0, content: environmentDoc('A', [{ key: 'k', value: 'value-of-a' }]) },
      { id: 'b', type: 'environment', baseRevision: 0, content: environmentDoc('B', [{ key: 'k', value: 'value-of-b' }]) },
    ]);
    const a = await h.test.ctx.db.selectFrom('elements').select('content').where('workspace_id', '=', workspaceId).where('id', '=', 'a').executeTakeFirstOrThrow();
    await h.test.ctx.db.updateTable('elements').set({ content: a.content }).where('workspace_id', '=', workspaceId).where('id', '=', 'b').execute();
    await expect(h.elements.pull(access, 0, 100)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });
});
