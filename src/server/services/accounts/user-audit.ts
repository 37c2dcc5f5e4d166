/**
 * Audit entries about a user's own account (sign-ins, 2FA, password, sessions). Each team the user
 * belongs to gets the entry in its own chain, so that team's admins see their members' security events;
 * a user in no team, or an address with no account, goes to the system chain.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AuditAction } from '../../audit/index.js';
import type { ServerContext } from '../../context.js';
import type { Database } from '../../db/index.js';
import type { RequestMeta } from '../../http/access.js';
import { appendAudit } from '../audit/index.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface UserEvent {
  readonly action: AuditAction;
  readonly user: { readonly id: string; readonly email: string };
  readonly target?: { readonly type: string; readonly id: string };
  readonly details?: Record<string, unknown>;
  readonly meta: RequestMeta | null;
}

export async function teamIdsOfUser(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute();
  // A fixed order, so transactions that lock several chains always lock them in the same order.
  return rows.map((r) => r.team_id).sort();
}

/** Appends `event` to each of the user's team chains (or the system chain); in `executor`'s transaction when given. */
export async function auditUserEvent(ctx: ServerContext, event: UserEvent, executor: Executor = ctx.db): Promise<void> {
  const teams = await teamIdsOfUser(executor, event.user.id);
  const chains: (string | null)[] = teams.length > 0 ? teams : [null];
  for (const teamId of chains) {
    await appendAudit(
      ctx,
      {
        action: event.action,
        teamId,
        actor: { id: event.user.id, email: event.user.email },
        target: event.target ?? { type: 'user', id: event.user.id },
        ...(event.details !== undefined ? { details: event.details } : {}),
        meta: event.meta,
      },
      executor,
    );
  }
}

/** A failed sign-in for an address with no account: the system chain, actor known only by the address. */
export async function auditUnknownEmail(ctx: ServerContext, action: AuditAction, email: string, details: Record<string, unknown>, meta: RequestMeta | null): Promise<void> {
  await appendAudit(ctx, { action, teamId: null, actor: { id: null, email }, target: null, details, meta });
}
