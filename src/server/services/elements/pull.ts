/**
 * Pull: the workspace's changes after `since`, ascending, one page at a time. One prepared query reads the
 * workspace's current sequence together with the page (a left join, so an empty page still answers it);
 * a second, only when element roles could hide something, reads the caller's element roles. Only the
 * elements returned are unsealed. The API answers with `pullChangesJson`, which keeps each element's
 * stored JSON text as it is.
 */
import type { ServerContext } from '../../context.js';
import { prepareQuery } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { WorkspaceAccess } from '../../http/access.js';
import { workspaceNotFound } from '../workspaces/access.js';
import type { ElementRecord } from './records.js';
import { authorizeOnElement, loadElementRoles } from './roles.js';
import { GLOBALS_ELEMENT_ID, PULL_MAX_LIMIT, type ElementState, type PullPage, type SyncElementType } from './types.js';
import { isSyncElementType } from './validate.js';
import { elementState, openContent, openContentJson } from './views.js';

function checkPaging(since: number, limit: number): void {
  if (!Number.isSafeInteger(since) || since < 0) {
    throw new ServerError('VALIDATION', `since must be a whole number ≥ 0 (got ${String(since)})`, { field: 'since' });
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PULL_MAX_LIMIT) {
    throw new ServerError('VALIDATION', `limit must be a whole number from 1 to ${PULL_MAX_LIMIT} (got ${String(limit)})`, { field: 'limit' });
  }
}

interface PageRow {
  readonly record: ElementRecord;
  readonly type: SyncElementType | null;
  readonly content: string | null;
}

const pageQuery = prepareQuery((db, p: { workspaceId: string; since: number; limit: number }) =>
  db
    .selectFrom('workspaces')
    .leftJoin('elements', (join) => join.onRef('elements.workspace_id', '=', 'workspaces.id').on('elements.seq', '>', p.since))
    .select([
      'workspaces.change_seq as current_seq',
      'elements.id',
      'elements.type',
      'elements.name',
      'elements.revision',
      'elements.seq',
      'elements.deleted',
      'elements.content',
      'elements.created_by',
      'elements.created_at',
      'elements.updated_by',
      'elements.updated_at',
    ])
    .where('workspaces.id', '=', p.workspaceId)
    .orderBy('elements.seq')
    .limit(p.limit),
);

async function readPage(ctx: ServerContext, workspaceId: string, since: number, limit: number): Promise<{ currentSeq: number; rows: PageRow[] }> {
  const rows = await pageQuery.execute(ctx.db, { workspaceId, since, limit: limit + 1 });
  const first = rows[0];
  if (first === undefined) throw workspaceNotFound();
  const page: PageRow[] = [];
  for (const row of rows) {
    // The row of a workspace with no element after `since` has only the workspace's columns.
    if (row.id === null || row.seq === null) continue;
    const record: ElementRecord = {
      workspace_id: workspaceId,
      id: row.id,
      type: row.type ?? '',
      name: row.name ?? '',
      revision: Number(row.revision ?? 0),
      seq: Number(row.seq),
      deleted: Number(row.deleted ?? 0),
      created_by: row.created_by ?? '',
      created_at: Number(row.created_at ?? 0),
      updated_by: row.updated_by ?? '',
      updated_at: Number(row.updated_at ?? 0),
    };
    page.push({ record, type: isSyncElementType(row.type) ? row.type : null, content: row.content });
  }
  return { currentSeq: Number(first.current_seq ?? 0), rows: page };
}

/** A page before its content is opened: what pull answers, with each visible element still sealed. */
interface SealedPage {
  readonly meta: Omit<PullPage, 'changes'>;
  readonly rows: readonly (PageRow & { type: SyncElementType })[];
}

async function readVisiblePage(ctx: ServerContext, access: WorkspaceAccess, since: number, limit: number): Promise<SealedPage> {
  checkPaging(since, limit);
  const workspaceId = access.workspace.id;
  const { currentSeq, rows } = await readPage(ctx, workspaceId, since, limit);
  if (since > currentSeq) {
    const meta = {
      workspaceId,
      since,
      currentSeq,
      // Asking again from 0 is what the client must do: its state belongs to a history this server does not have.
      nextSince: 0,
      hasMore: currentSeq > 0,
      ahead: true,
      message: `since ${since} is beyond this workspace's latest change ${currentSeq}: pull from 0 again`,
    };
    return { meta, rows: [] };
  }
  const hasMore = rows.length > limit;
  const covered = hasMore ? rows.slice(0, limit) : rows;
  const roles = await loadElementRoles(ctx.db, access, ['element.view']);
  // Without element roles every element gets the workspace-level answer (which the guard already gave).
  const everyone = roles.size === 0 ? authorizeOnElement(access, roles, 'globals', GLOBALS_ELEMENT_ID, 'element.view').allowed : null;
  const visible = covered.filter(
    (row): row is PageRow & { type: SyncElementType } =>
      row.type !== null && (everyone ?? authorizeOnElement(access, roles, row.type, row.record.id, 'element.view').allowed),
  );
  // Skipped (hidden) elements still move nextSince: the page covered them.
  const nextSince = hasMore ? (covered[covered.length - 1]?.record.seq ?? since) : Math.max(since, currentSeq);
  return { meta: { workspaceId, since, currentSeq, nextSince, hasMore, ahead: false }, rows: visible };
}

export async function pullChanges(ctx: ServerContext, access: WorkspaceAccess, since: number, limit: number): Promise<PullPage> {
  const { meta, rows } = await readVisiblePage(ctx, access, since, limit);
  const workspaceId = access.workspace.id;
  const changes: ElementState[] = await Promise.all(
    rows.map(async (row) => elementState(row.record, row.type, await openContent(ctx, workspaceId, row.record.id, row.content))),
  );
  return { ...meta, changes };
}

/**
 * The same page as `pullChanges`, as the JSON text the API sends. Element content is stored as the
 * canonical JSON a push produced and sealed (authenticated encryption: it is exactly what this server
 * wrote), so it goes into the answer as that text: no parse, check and re-serialise of every collection.
 */
export async function pullChangesJson(ctx: ServerContext, access: WorkspaceAccess, since: number, limit: number): Promise<string> {
  const { meta, rows } = await readVisiblePage(ctx, access, since, limit);
  const workspaceId = access.workspace.id;
  const changes = await Promise.all(
    rows.map(async (row) => {
      const { content: _none, ...state } = elementState(row.record, row.type, null);
      const json = row.record.deleted === 1 ? null : await openContentJson(ctx, workspaceId, row.record.id, row.content);
      return spliceLast(JSON.stringify(state), 'content', json ?? 'null');
    }),
  );
  return spliceLast(JSON.stringify(meta), 'changes', `[${changes.join(',')}]`);
}

/** Adds `"key":raw` as the last member of the JSON object text `objectJson`. */
function spliceLast(objectJson: string, key: string, raw: string): string {
  const open = objectJson === '{}' ? '{' : `${objectJson.slice(0, -1)},`;
  return `${open}${JSON.stringify(key)}:${raw}}`;
}
