/**
 * A ServerContext over a real, freshly migrated database: a temp SQLite file, or a new database in the
 * throwaway PostgreSQL that the test run started. Server tests run once per kind with
 * `describe.each(DATABASE_KINDS)`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createKeyRing, masterKeyFromBytes } from '../../../src/server/crypto/index.js';
import type { ServerContext } from '../../../src/server/context.js';
import { databaseDataKeyStore, migrateToLatest, openDatabase, type DatabaseKind, type ServerDatabase } from '../../../src/server/db/index.js';
import { createDatabase } from '../../support/postgres.js';

export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgres'];

/** A clock tests move by hand: nothing in the server sleeps or reads Date.now directly. */
export interface TestClock {
  (): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function testClock(start = Date.UTC(2026, 10, 1, 9, 0, 0)): TestClock {
  let now = start;
  const clock = (() => now) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}

export interface TestContext {
  readonly ctx: ServerContext;
  readonly clock: TestClock;
  readonly database: ServerDatabase;
  /** SQLite file, or the PostgreSQL URL of this test's own database. */
  readonly location: string;
  close(): Promise<void>;
}

export async function openTestDatabase(kind: DatabaseKind): Promise<{ database: ServerDatabase; location: string; cleanup(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'postern-server-test-'));
    const file = join(dir, 'server.db');
    const database = await openDatabase({ sqliteFile: file });
    return { database, location: file, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const created = await createDatabase(inject('postgresUrl'));
  const database = await openDatabase({ url: created.url, poolSize: 10 });
  return { database, location: created.url, cleanup: () => created.drop() };
}

export async function openTestContext(kind: DatabaseKind, clock: TestClock = testClock()): Promise<TestContext> {
  const { database, location, cleanup } = await openTestDatabase(kind);
  await migrateToLatest(database.db);
  const keyRing = await createKeyRing(databaseDataKeyStore(database.db), [masterKeyFromBytes(randomBytes(32))], { clock });
  const ctx: ServerContext = { db: database.db, kind, keyRing, auditKey: randomBytes(32), clock };
  return {
    ctx,
    clock,
    database,
    location,
    async close() {
      await database.close();
      await cleanup();
    },
  };
}
