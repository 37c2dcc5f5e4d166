/**
 * The second half of a push, in one transaction under the workspace row lock: check each change against
 * what is stored (unknown id, revision from the future, type, permission) — any failure refuses the
 * whole push before anything is written — then apply each in order. A change based on the current
 * revision is written with the next change sequence number; a stale one (or a new element whose id is
 * taken) comes back as a conflict, unless the server already has exactly what it carries (a retried
 * push whose answer was lost), which is applied as unchanged and writes nothing.
 */
import type { Transaction } from 'kysely';
import type { WorkspaceAction } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { Database } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { WorkspaceAccess } from '../../http/access.js';
import type { Actor } from '../workspaces/index.js';
import { workspaceNotFound } from '../workspaces/access.js';
import { loadRecords, loadSealedContent, lockChangeSeq, runElementWrite, writeLastAndChangeSeq, type ElementRecord, type ElementWrite } from './records.js';
import { authorizeOnElement, type ElementRoleMap } from './roles.js';
import type { AppliedChange, SyncConflict } from './types.js';
import type { PreparedChange } from './validate.js';
import { contentAad, elementState, openContent } from './views.js';

export interface ApplyOutcome {
  /** The workspace's change sequence after the push. */
  readonly currentSeq: number;
  /** Whether anything was written (the notifier is told only then). */
  readonly written: boolean;
  readonly applied: AppliedChange[];
  readonly conflicts: SyncConflict[];
}

export interface PushInput {
  readonly actor: Actor;
  readonly access: WorkspaceAccess;
  readonly changes: readonly PreparedChange[];
  /** Sealed canonical content of each upsert, by element id. */
  readonly sealed: ReadonlyMap<string, string>;
  readonly roles: ElementRoleMap;
  /** PostgreSQL NOTIFY channel to announce the new sequence on inside the transaction; null: the caller publishes after commit. */
  readonly announceOn: string | null;
}

function withArticle(type: string): string {
  return /^[aeiou]/i.test(type) ? `an ${type}` : `a ${type}`;
}

function actionOf(change: PreparedChange, record: ElementRecord | undefined): WorkspaceAction {
  if (record === undefined || change.baseRevision === 0) return 'element.create';
  return change.deleted ? 'element.delete' : 'element.update';
}

/** Throws for the first change the stored state or the caller's permissions refuse. */
function checkAgainstStored(input: PushInput, records: ReadonlyMap<string, ElementRecord>): void {
  for (const change of input.changes) {
    const at = `changes[${change.index}]`;
    const record = records.get(change.id);
    if (record === undefined && (change.baseRevision > 0 || change.deleted)) {
      const what = change.deleted ? 'to delete' : `at revision ${change.baseRevision}`;
      throw new ServerError('ELEMENT_NOT_FOUND', `${at}.id: no element ${change.id} in this workspace ${what}; a new element has baseRevision 0`, { field: `${at}.id` });
    }
    if (record !== undefined && record.type !== change.type) {
      throw new ServerError('VALIDATION', `${at}.type: element ${change.id} is ${withArticle(record.type)}, not ${withArticle(change.type)}`, { field: `${at}.type` });
    }
    if (record !== undefined && change.baseRevision > record.revision) {
      throw new ServerError(
        'INVALID_REVISION',
        `${at}.baseRevision: revision ${change.baseRevision} of ${change.type} ${change.id} is from the future: the server has ${record.revision}`,
        { field: `${at}.baseRevision`, details: { serverRevision: Number(record.revision) } },
      );
    }
    const action = actionOf(change, record);
    const decision = authorizeOnElement(input.access, input.roles, change.type, change.id, action);
    if (decision.allowed) continue;
    if (decision.code === 'NOT_FOUND') throw workspaceNotFound();
    throw new ServerError(decision.code, `${at}: ${decision.reason}`, { field: at, details: { action, elementId: change.id } });
  }
}

interface Applier {
  readonly trx: Transaction<Database>;
  readonly input: PushInput;
  readonly now: number;
  seq: number;
  /** The latest write, held back: the last one goes out with the change sequence (one statement on PostgreSQL). */
  held: ElementWrite | null;
}

async function write(applier: Applier, change: PreparedChange, record: ElementRecord | undefined): Promise<AppliedChange> {
  const { trx, input, now } = applier;
  const workspaceId = input.access.workspace.id;
  applier.seq += 1;
  const seq = applier.seq;
  const revision = record === undefined ? 1 : Number(record.revision) + 1;
  const content = change.deleted ? null : (input.sealed.get(change.id) ?? null);
  if (!change.deleted && content === null) throw new ServerError('INTERNAL', `No sealed content for element ${change.id}`);
  const name = change.canonical?.name ?? record?.name ?? '';
  const by = input.actor.userId;
  const state = { name, revision, seq, deleted: change.deleted ? 1 : 0, content, updated_by: by, updated_at: now };
  // Writes keep their order: the one held before this goes out now.
  if (applier.held !== null) await runElementWrite(trx, applier.held);
  applier.held = record === undefined
    ? { kind: 'insert', row: { workspace_id: workspaceId, id: change.id, type: change.type, created_by: by, created_at: now, ...state } }
    : { kind: 'update', workspaceId, id: change.id, state };
  return { id: change.id, type: change.type, revision, seq, deleted: change.deleted, unchanged: false };
}

function unchanged(change: PreparedChange, record: ElementRecord): AppliedChange {
  return { id: change.id, type: change.type, revision: Number(record.revision), seq: Number(record.seq), deleted: record.deleted === 1, unchanged: true };
}

/** A change not based on the current revision: unchanged when the server has exactly it, else a conflict. */
async function settleStale(ctx: ServerContext, input: PushInput, change: PreparedChange, record: ElementRecord, sealed: string | null): Promise<AppliedChange | SyncConflict> {
  const serverDeleted = record.deleted === 1;
  if (change.deleted && serverDeleted) return unchanged(change, record);
  const workspaceId = input.access.workspace.id;
  const serverJson = serverDeleted || sealed === null ? null : await ctx.keyRing.openText(sealed, contentAad(workspaceId, change.id));
  if (!change.deleted && serverJson !== null && serverJson === change.canonical?.json) return unchanged(change, record);
  const content = serverJson === null ? null : await openContent(ctx, workspaceId, change.id, sealed);
  return {
    id: change.id,
    type: change.type,
    baseRevision: change.baseRevision,
    reason: change.baseRevision === 0 ? 'exists' : 'stale',
    server: elementState(record, change.type, content),
    client: { deleted: change.deleted, content: change.canonical?.content ?? null },
  };
}

function isConflict(outcome: AppliedChange | SyncConflict): outcome is SyncConflict {
  return 'reason' in outcome;
}

export function applyPush(ctx: ServerContext, input: PushInput): Promise<ApplyOutcome> {
  const workspaceId = input.access.workspace.id;
  return ctx.db.transaction().execute(async (trx) => {
    const startSeq = await lockChangeSeq(ctx, trx, workspaceId);
    const records = await loadRecords(trx, workspaceId, input.changes.map((change) => change.id));
    checkAgainstStored(input, records);

    const isStale = (change: PreparedChange): boolean => {
      const record = records.get(change.id);
      return record !== undefined && change.baseRevision !== Number(record.revision);
    };
    // Only stale changes compare with (or show) the server's content: read it for those alone.
    const staleIds = input.changes.filter((change) => isStale(change) && records.get(change.id)?.deleted !== 1).map((change) => change.id);
    const sealedContent = await loadSealedContent(trx, workspaceId, staleIds);

    const applier: Applier = { trx, input, now: ctx.clock(), seq: startSeq, held: null };
    const applied: AppliedChange[] = [];
    const conflicts: SyncConflict[] = [];
    for (const change of input.changes) {
      const record = records.get(change.id);
      if (record !== undefined && isStale(change)) {
        const outcome = await settleStale(ctx, input, change, record, sealedContent.get(change.id) ?? null);
        if (isConflict(outcome)) conflicts.push(outcome);
        else applied.push(outcome);
      } else if (record !== undefined && change.deleted && record.deleted === 1) {
        applied.push(unchanged(change, record));
      } else {
        applied.push(await write(applier, change, record));
      }
    }
    const written = applier.held !== null;
    if (applier.held !== null) await writeLastAndChangeSeq(ctx, trx, applier.held, input.announceOn);
    return { currentSeq: applier.seq, written, applied, conflicts };
  });
}
