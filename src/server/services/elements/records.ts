/**
 * Element rows: the workspace's change sequence under the row lock that serialises pushes (PostgreSQL
 * `select … for update`, across processes; on SQLite the one connection's transaction serialises), the
 * stored state of the elements a push names, and their sealed content when a push needs to compare.
 */
import type { Transaction } from 'kysely';
import type { ServerContext } from '../../context.js';
import type { Database, ElementsTable } from '../../db/index.js';
import type { Executor } from '../teams/access.js';
import { workspaceNotFound } from '../workspaces/access.js';

/** An element row without its content. */
export type ElementRecord = Omit<ElementsTable, 'content'>;

export const RECORD_COLUMNS = ['workspace_id', 'id', 'type', 'name', 'revision', 'seq', 'deleted', 'created_by', 'created_at', 'updated_by', 'updated_at'] as const;

/** The workspace's change sequence, locked until the transaction ends. */
export async function lockChangeSeq(ctx: Pick<ServerContext, 'kind'>, trx: Transaction<Database>, workspaceId: string): Promise<number> {
  let query = trx.selectFrom('workspaces').select('change_seq').where('id', '=', workspaceId);
  if (ctx.kind === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw workspaceNotFound();
  return Number(row.change_seq ?? 0);
}

export async function readChangeSeq(db: Executor, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('workspaces').select('change_seq').where('id', '=', workspaceId).executeTakeFirst();
  if (row === undefined) throw workspaceNotFound();
  return Number(row.change_seq ?? 0);
}

export async function writeChangeSeq(trx: Transaction<Database>, workspaceId: string, seq: number): Promise<void> {
  await trx.updateTable('workspaces').set({ change_seq: seq }).where('id', '=', workspaceId).execute();
}

/** The stored elements among `ids`, by id. */
export async function loadRecords(db: Executor, workspaceId: string, ids: readonly string[]): Promise<Map<string, ElementRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('elements').select(RECORD_COLUMNS).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Sealed content by id (tombstones: null). */
export async function loadSealedContent(db: Executor, workspaceId: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('elements').select(['id', 'content']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.content]));
}

export async function insertRecord(trx: Transaction<Database>, row: ElementsTable): Promise<void> {
  await trx.insertInto('elements').values(row).execute();
}

/** A new state of an existing element (its creation fields stay). */
export async function updateRecord(
  trx: Transaction<Database>,
  workspaceId: string,
  id: string,
  change: Pick<ElementsTable, 'name' | 'revision' | 'seq' | 'deleted' | 'content' | 'updated_by' | 'updated_at'>,
): Promise<void> {
  await trx.updateTable('elements').set(change).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
