/**
 * Element rows: the workspace's change sequence under the row lock that serialises pushes (PostgreSQL
 * `select … for update`, across processes; on SQLite the one connection's transaction serialises), the
 * stored state of the elements a push names, their sealed content when a push needs to compare, and the
 * writes. All prepared: they run on every push.
 */
import { sql, type Transaction } from 'kysely';
import type { ServerContext } from '../../context.js';
import { prepareQuery, type Database, type ElementsTable } from '../../db/index.js';
import { encodeChangePayload } from '../../notify/index.js';
import type { Executor } from '../teams/access.js';
import { workspaceNotFound } from '../workspaces/access.js';

/** An element row without its content. */
export type ElementRecord = Omit<ElementsTable, 'content'>;

function lockQuery(lock: boolean) {
  return prepareQuery((db, p: { workspaceId: string }) => {
    const query = db.selectFrom('workspaces').select('change_seq').where('id', '=', p.workspaceId);
    return lock ? query.forUpdate() : query;
  });
}
const changeSeqQuery = lockQuery(false);
const lockQueries = { sqlite: changeSeqQuery, postgres: lockQuery(true) };

/**
 * The workspace's change sequence, locked until the transaction ends. Reading the elements is a second
 * statement on purpose: under READ COMMITTED, rows joined to a locked row come from the snapshot taken
 * before the lock was waited for, so they could miss the push that held it.
 */
export async function lockChangeSeq(ctx: Pick<ServerContext, 'kind'>, trx: Transaction<Database>, workspaceId: string): Promise<number> {
  const row = await lockQueries[ctx.kind].executeTakeFirst(trx, { workspaceId });
  if (row === undefined) throw workspaceNotFound();
  return Number(row.change_seq ?? 0);
}

const recordsQuery = prepareQuery((db, p: { workspaceId: string; ids: readonly string[] }) =>
  db
    .selectFrom('elements')
    .select(['workspace_id', 'id', 'type', 'name', 'revision', 'seq', 'deleted', 'created_by', 'created_at', 'updated_by', 'updated_at'])
    .where('workspace_id', '=', p.workspaceId)
    .where('id', 'in', p.ids),
);

/** The stored elements among `ids`, by id. */
export async function loadRecords(db: Executor, workspaceId: string, ids: readonly string[]): Promise<Map<string, ElementRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await recordsQuery.execute(db, { workspaceId, ids });
  return new Map(rows.map((row) => [row.id, row]));
}

export async function readChangeSeq(db: Executor, workspaceId: string): Promise<number> {
  const row = await changeSeqQuery.executeTakeFirst(db, { workspaceId });
  if (row === undefined) throw workspaceNotFound();
  return Number(row.change_seq ?? 0);
}

const writeChangeSeqQuery = prepareQuery((db, p: { workspaceId: string; seq: number }) => db.updateTable('workspaces').set({ change_seq: p.seq }).where('id', '=', p.workspaceId));
// PostgreSQL only: the new sequence written and announced in one statement; NOTIFY inside a transaction
// is delivered when it commits.
const writeAndAnnounceQuery = prepareQuery((db, p: { workspaceId: string; seq: number; channel: string; payload: string }) =>
  db
    .updateTable('workspaces')
    .set({ change_seq: p.seq })
    .where('id', '=', p.workspaceId)
    .returning(sql<string>`pg_notify(${p.channel}, ${p.payload})`.as('announced')),
);

/** Writes the workspace's new change sequence; with `announceOn` (PostgreSQL), also NOTIFYs that channel of it. */
export async function writeChangeSeq(trx: Transaction<Database>, workspaceId: string, seq: number, announceOn: string | null = null): Promise<void> {
  if (announceOn === null) await writeChangeSeqQuery.run(trx, { workspaceId, seq });
  else await writeAndAnnounceQuery.run(trx, { workspaceId, seq, channel: announceOn, payload: encodeChangePayload({ workspaceId, seq }) });
}

const sealedContentQuery = prepareQuery((db, p: { workspaceId: string; ids: readonly string[] }) =>
  db.selectFrom('elements').select(['id', 'content']).where('workspace_id', '=', p.workspaceId).where('id', 'in', p.ids),
);

/** Sealed content by id (tombstones: null). */
export async function loadSealedContent(db: Executor, workspaceId: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await sealedContentQuery.execute(db, { workspaceId, ids });
  return new Map(rows.map((row) => [row.id, row.content]));
}

const insertQuery = prepareQuery((db, p: ElementsTable) =>
  db.insertInto('elements').values({
    workspace_id: p.workspace_id,
    id: p.id,
    type: p.type,
    name: p.name,
    revision: p.revision,
    seq: p.seq,
    deleted: p.deleted,
    content: p.content,
    created_by: p.created_by,
    created_at: p.created_at,
    updated_by: p.updated_by,
    updated_at: p.updated_at,
  }),
);

export async function insertRecord(trx: Transaction<Database>, row: ElementsTable): Promise<void> {
  await insertQuery.run(trx, row);
}

type ElementState = Pick<ElementsTable, 'name' | 'revision' | 'seq' | 'deleted' | 'content' | 'updated_by' | 'updated_at'>;

const updateQuery = prepareQuery((db, p: ElementState & { workspaceId: string; id: string }) =>
  db
    .updateTable('elements')
    .set({ name: p.name, revision: p.revision, seq: p.seq, deleted: p.deleted, content: p.content, updated_by: p.updated_by, updated_at: p.updated_at })
    .where('workspace_id', '=', p.workspaceId)
    .where('id', '=', p.id),
);

/** A new state of an existing element (its creation fields stay). */
export async function updateRecord(trx: Transaction<Database>, workspaceId: string, id: string, change: ElementState): Promise<void> {
  await updateQuery.run(trx, { ...change, workspaceId, id });
}
