import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyRing, masterKeyFromBytes } from '../../../src/server/crypto/index.js';
import { databaseDataKeyStore, migrateToLatest, openDatabase } from '../../../src/server/db/index.js';
import { MIGRATIONS } from '../../../src/server/db/migrations/index.js';
import { ServerError } from '../../../src/server/errors.js';
import { DATABASE_KINDS, openTestDatabase } from '../support/context.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe.each(DATABASE_KINDS)('database on %s', (kind) => {
  it('migrates a fresh database, and migrating again changes nothing', async () => {
    const { database, cleanup } = await openTestDatabase(kind);
    cleanups.push(async () => { await database.close(); await cleanup(); });
    const first = await migrateToLatest(database.db);
    expect(first.applied).toEqual(Object.keys(MIGRATIONS).sort());
    expect(first.applied.slice(0, 2)).toEqual(['001-core', '002-workspaces']);
    const second = await migrateToLatest(database.db);
    expect(second.applied).toEqual([]);
    const tables = await database.db.introspection.getTables();
    const names = tables.map((t) => t.name);
    for (const table of ['users', 'sessions', 'teams', 'member_roles', 'api_keys', 'audit_entries', 'audit_chains', 'data_keys', 'workspaces', 'workspace_members', 'element_roles', 'workspace_publish_requests']) expect(names).toContain(table);
  });

  it('reads bigint times back as numbers', async () => {
    const { database, cleanup } = await openTestDatabase(kind);
    cleanups.push(async () => { await database.close(); await cleanup(); });
    await migrateToLatest(database.db);
    const at = Date.UTC(2030, 0, 1);
    await database.db.insertInto('users').values({ id: 'usr_1', email: 'a@example.com', name: 'A', password_hash: null, totp_secret_sealed: null, totp_enabled_at: null, totp_last_step: null, created_at: at, password_changed_at: null, disabled_at: null }).execute();
    const row = await database.db.selectFrom('users').select(['created_at']).where('id', '=', 'usr_1').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(at);
    expect(typeof row.created_at).toBe('number');
  });

  it('keeps data keys for the key ring, shared by two rings over one database', async () => {
    const { database, cleanup } = await openTestDatabase(kind);
    cleanups.push(async () => { await database.close(); await cleanup(); });
    await migrateToLatest(database.db);
    const master = masterKeyFromBytes(randomBytes(32));
    const first = await createKeyRing(databaseDataKeyStore(database.db), [master]);
    const sealed = await first.seal('s3cret', 'users.totp_secret:usr_1');
    const second = await createKeyRing(databaseDataKeyStore(database.db), [master]);
    expect(await second.openText(sealed, 'users.totp_secret:usr_1')).toBe('s3cret');
    const stored = await database.db.selectFrom('data_keys').selectAll().execute();
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(stored)).not.toContain('s3cret');
  });
});

describe('database that cannot be reached', () => {
  it('says so in one line naming where, without the password', async () => {
    const error = await openDatabase({ url: 'postgres://postern:hunter2@127.0.0.1:1/postern' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    const e = error as ServerError;
    expect(e.code).toBe('DATABASE_UNREACHABLE');
    expect(e.message).toMatch(/^Cannot reach PostgreSQL at postgres:\/\/postern:\*\*\*@127\.0\.0\.1:1\/postern: /);
    expect(e.message).not.toContain('hunter2');
    expect(e.message).not.toContain('\n');
  });

  it('refuses a URL that is not PostgreSQL', async () => {
    await expect(openDatabase({ url: 'mysql://x@127.0.0.1/db' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
