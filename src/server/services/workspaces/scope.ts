/**
 * One change to one workspace: a transaction that locks the workspace row, re-reads the actor's standing
 * inside it (so racing changes see each other), asks authz for the action, and hands the work an audit
 * function writing into the same transaction (the change and its entries commit together or not at all).
 */
import type { Transaction } from 'kysely';
import { assertWorkspaceAllowed, type WorkspaceAction } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { Database, WorkspacesTable } from '../../db/index.js';
import type { WorkspaceAccess } from '../../http/access.js';
import { appendAudit, type AuditEvent } from '../audit/index.js';
import { lockWorkspace, workspaceNotFound } from './access.js';
import { loadWorkspaceAccess } from './standing.js';
import type { Actor } from './types.js';

export type WorkspaceAuditEvent = Pick<AuditEvent, 'action' | 'target' | 'details'>;

export interface WorkspaceScope {
  readonly trx: Transaction<Database>;
  /** The workspace row as locked at the start of the change. */
  readonly workspace: WorkspacesTable;
  /** The actor's standing, as authz saw it. */
  readonly access: WorkspaceAccess;
  readonly now: number;
  audit(event: WorkspaceAuditEvent): Promise<void>;
}

/** The audit writer for changes in `teamId` by `actor`, inside `trx`. */
export function auditIn(ctx: ServerContext, trx: Transaction<Database>, actor: Actor, teamId: string): (event: WorkspaceAuditEvent) => Promise<void> {
  return (event) => appendAudit(ctx, { ...event, teamId, actor: { id: actor.userId, email: actor.email }, meta: actor.meta }, trx);
}

export function runWorkspaceChange<T>(
  ctx: ServerContext,
  actor: Actor,
  workspaceId: string,
  action: WorkspaceAction,
  work: (scope: WorkspaceScope) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const workspace = await lockWorkspace(ctx, trx, workspaceId);
    const access = await loadWorkspaceAccess(trx, workspaceId, actor.userId);
    if (access === null) throw workspaceNotFound();
    assertWorkspaceAllowed(access.subject, access.workspace, action);
    return work({ trx, workspace, access, now: ctx.clock(), audit: auditIn(ctx, trx, actor, workspace.team_id) });
  });
}
