/**
 * One change to one team: a transaction that locks the team row, re-reads the actor's access inside it
 * (so a change racing with another sees the state it changes), asks authz for the action, and hands the
 * work an audit function that writes into the same transaction.
 */
import type { Transaction } from 'kysely';
import { assertAllowed, assertNotLastHolder, type Subject, type TeamAction, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { Database, TeamsTable } from '../../db/index.js';
import { appendAudit, type AuditEvent } from '../audit/index.js';
import { effectiveHolders, loadAccess, lockTeam, teamNotFound, type Executor } from './access.js';
import type { Actor } from './types.js';

export type TeamAuditEvent = Pick<AuditEvent, 'action' | 'target' | 'details'>;

export interface TeamScope {
  readonly trx: Transaction<Database>;
  /** The team row as locked at the start of the change. */
  readonly team: TeamsTable;
  /** The actor as authz sees them (effective roles, team plan). */
  readonly subject: Subject;
  readonly now: number;
  audit(event: TeamAuditEvent): Promise<void>;
}

export function runTeamChange<T>(ctx: ServerContext, actor: Actor, teamId: string, action: TeamAction, work: (scope: TeamScope) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const team = await lockTeam(ctx, trx, teamId);
    const access = await loadAccess(trx, teamId, actor.userId);
    if (access === null) throw teamNotFound(teamId);
    const subject: Subject = { userId: actor.userId, roles: access.roles, plan: access.plan };
    assertAllowed(subject, action);
    const audit = (event: TeamAuditEvent): Promise<void> =>
      appendAudit(ctx, { ...event, teamId, actor: { id: actor.userId, email: actor.email }, meta: actor.meta }, trx);
    return work({ trx, team, subject, now: ctx.clock(), audit });
  });
}

/** The roles a team may never lose its last holder of (authz's assertNotLastHolder decides the rule). */
const GUARDED_ROLES: readonly TeamRole[] = ['super_admin', 'admin'];

export type HolderSnapshot = ReadonlyMap<TeamRole, ReadonlySet<string>>;

export async function snapshotHolders(db: Executor, subject: Subject, teamId: string): Promise<HolderSnapshot> {
  const snapshot = new Map<TeamRole, ReadonlySet<string>>();
  for (const role of GUARDED_ROLES) snapshot.set(role, await effectiveHolders(db, teamId, subject.plan, role));
  return snapshot;
}

/**
 * After a change that may take Admin or Super Admin away from someone: when someone who held it no
 * longer does, authz decides whether the holders left are enough (the transaction rolls back if not).
 */
export async function assertHoldersKept(db: Executor, subject: Subject, teamId: string, before: HolderSnapshot): Promise<void> {
  for (const role of GUARDED_ROLES) {
    const after = await effectiveHolders(db, teamId, subject.plan, role);
    const lost = [...(before.get(role) ?? [])].some((userId) => !after.has(userId));
    if (lost) assertNotLastHolder(role, after.size);
  }
}
