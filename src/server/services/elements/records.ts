/**
 * Element rows: the workspace's change sequence under the row lock that serialises pushes (PostgreSQL
 * `select … for update`, across processes; on SQLite the one connection's transaction serialises), the
 * stored state of the elements a push names, their sealed content when a push needs to compare, and the
 * writes. All prepared: they run on every push.
 */
import { sql, type QueryCreator, type Transaction } from 'kysely';
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

const sealedContentQuery = prepareQuery((db, p: { workspaceId: string; ids: readonly string[] }) =>
  db.selectFrom('elements').select(['id', 'content']).where('workspace_id', '=', p.workspaceId).where('id', 'in', p.ids),
);

/** Sealed content by id (tombstones: null). */
export async function loadSealedContent(db: Executor, workspaceId: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await sealedContentQuery.execute(db, { workspaceId, ids });
  return new Map(rows.map((row) => [row.id, row.content]));
}

/** The columns of a new element row, from the parameter slots. */
function elementValues(p: ElementsTable): ElementsTable {
  return {
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
  };
}

type ElementState = Pick<ElementsTable, 'name' | 'revision' | 'seq' | 'deleted' | 'content' | 'updated_by' | 'updated_at'>;

function stateValues(p: ElementState): ElementState {
  return { name: p.name, revision: p.revision, seq: p.seq, deleted: p.deleted, content: p.content, updated_by: p.updated_by, updated_at: p.updated_at };
}

/** One element write of a push: a new element, or a new state of an existing one (its creation fields stay). */
export type ElementWrite =
  | { readonly kind: 'insert'; readonly row: ElementsTable }
  | { readonly kind: 'update'; readonly workspaceId: string; readonly id: string; readonly state: ElementState };

type UpdateParams = ElementState & { workspaceId: string; id: string };

const insertQuery = prepareQuery((db, p: ElementsTable) => db.insertInto('elements').values(elementValues(p)));
const updateQuery = prepareQuery((db, p: UpdateParams) =>
  db.updateTable('elements').set(stateValues(p)).where('workspace_id', '=', p.workspaceId).where('id', '=', p.id),
);

/** Runs one element write by itself. */
export async function runElementWrite(trx: Transaction<Database>, write: ElementWrite): Promise<void> {
  if (write.kind === 'insert') await insertQuery.run(trx, write.row);
  else await updateQuery.run(trx, { ...write.state, workspaceId: write.workspaceId, id: write.id });
}

/** The new sequence, and the NOTIFY channel and payload that announce it (used only by announcing statements). */
type SeqParams = { workspaceId: string; seq: number; channel: string; payload: string };

function seqParams(workspaceId: string, seq: number, announceOn: string | null): SeqParams {
  return { workspaceId, seq, channel: announceOn ?? '', payload: announceOn === null ? '' : encodeChangePayload({ workspaceId, seq }) };
}

/**
 * Moves the workspace's change sequence; with `announce` (PostgreSQL), the same statement NOTIFYs it,
 * which is delivered when the transaction commits and never for one that rolls back.
 */
function moveChangeSeq(qc: QueryCreator<Database>, p: SeqParams, announce: boolean) {
  const query = qc.updateTable('workspaces').set({ change_seq: p.seq }).where('id', '=', p.workspaceId);
  return announce ? query.returning(sql<string>`pg_notify(${p.channel}, ${p.payload})`.as('announced')) : query;
}

/**
 * The statements that move the change sequence: alone, or (PostgreSQL) after a push's last element
 * write in the same statement — a data-modifying CTE — so the workspace row lock is held one round trip less.
 */
function changeSeqQueries(announce: boolean) {
  return {
    alone: prepareQuery((db, p: SeqParams) => moveChangeSeq(db, p, announce)),
    afterInsert: prepareQuery((db, p: ElementsTable & SeqParams) =>
      moveChangeSeq(db.with('written', (qc) => qc.insertInto('elements').values(elementValues(p)).returning('id')), p, announce),
    ),
    afterUpdate: prepareQuery((db, p: UpdateParams & SeqParams) =>
      moveChangeSeq(db.with('written', (qc) => qc.updateTable('elements').set(stateValues(p)).where('workspace_id', '=', p.workspaceId).where('id', '=', p.id).returning('id')), p, announce),
    ),
  };
}
const seqQueries = { quiet: changeSeqQueries(false), announced: changeSeqQueries(true) };

/** Writes the workspace's new change sequence; with `announceOn` (PostgreSQL), also NOTIFYs that channel of it. */
export async function writeChangeSeq(trx: Transaction<Database>, workspaceId: string, seq: number, announceOn: string | null = null): Promise<void> {
  await seqQueries[announceOn === null ? 'quiet' : 'announced'].alone.run(trx, seqParams(workspaceId, seq, announceOn));
}

/**
 * A push's last element write, then the workspace's change sequence moved to that write's seq; with
 * `announceOn` (PostgreSQL), that channel is NOTIFYed of it. One statement on PostgreSQL, two on SQLite
 * (no data-modifying CTEs there, and its round trips cost nothing).
 */
export async function writeLastAndChangeSeq(ctx: Pick<ServerContext, 'kind'>, trx: Transaction<Database>, write: ElementWrite, announceOn: string | null): Promise<void> {
  const workspaceId = write.kind === 'insert' ? write.row.workspace_id : write.workspaceId;
  const seq = write.kind === 'insert' ? write.row.seq : write.state.seq;
  if (ctx.kind !== 'postgres') {
    await runElementWrite(trx, write);
    await writeChangeSeq(trx, workspaceId, seq, announceOn);
    return;
  }
  const queries = seqQueries[announceOn === null ? 'quiet' : 'announced'];
  const params = seqParams(workspaceId, seq, announceOn);
  if (write.kind === 'insert') await queries.afterInsert.run(trx, { ...write.row, ...params });
  else await queries.afterUpdate.run(trx, { ...write.state, id: write.id, ...params });
}
