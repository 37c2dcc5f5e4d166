/**
 * The caller's standing in one workspace in one read — it runs on every workspace request, sync pulls
 * included: the workspace, its team's plan, the caller's membership, direct team roles, direct workspace
 * role, and their groups' team and workspace roles (groups count only where the plan has them); a second
 * read only for an element. For a session the same read also loads the session, so a signed-in request
 * costs one query before its handler runs. Same answer as reading each piece on its own (the workspace and
 * HTTP matrices check it).
 */
import { sql } from 'kysely';
import { activeRoles, isWorkspaceRole, planAllows, type ElementRole, type WorkspaceRole, type WorkspaceSubject } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { prepareQuery } from '../../db/index.js';
import type { Principal, TeamAccess, WorkspaceAccess } from '../../http/access.js';
import { authenticateSession, principalOfSession, sessionTokenHash, type SessionRow } from '../accounts/sessions.js';
import { planOf, rolesOf, type Executor } from '../teams/access.js';
import { elementRolesOf, visibilityOf, type ElementRef } from './access.js';

/**
 * One row per combination of the caller's direct team roles and group roles. The caller is the session's
 * user when `tokenHash` names a session, otherwise `userId` ('' for nobody: it matches no membership).
 */
const standingQuery = prepareQuery((db, p: { workspaceId: string; userId: string; tokenHash: string }) => {
  const caller = sql<string>`coalesce(${sql.ref('s.user_id')}, ${p.userId})`;
  return db
    .selectFrom('workspaces as w')
    .innerJoin('teams as t', 't.id', 'w.team_id')
    .leftJoin('sessions as s', (join) => join.on('s.token_hash', '=', p.tokenHash))
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('team_members as m', (join) => join.onRef('m.team_id', '=', 'w.team_id').on('m.user_id', '=', caller))
    .leftJoin('member_roles as r', (join) => join.onRef('r.team_id', '=', 'm.team_id').onRef('r.user_id', '=', 'm.user_id'))
    .leftJoin('workspace_members as wm', (join) =>
      join.onRef('wm.workspace_id', '=', 'w.id').on('wm.principal_type', '=', 'user').on('wm.principal_id', '=', caller),
    )
    // Only a member's groups, and only this team's.
    .leftJoin('groups as g', (join) =>
      join.onRef('g.team_id', '=', 'w.team_id').on((eb) => eb('g.id', 'in', eb.selectFrom('group_members as gm').select('gm.group_id').whereRef('gm.user_id', '=', 'm.user_id'))),
    )
    .leftJoin('group_roles as gr', 'gr.group_id', 'g.id')
    .leftJoin('workspace_members as gw', (join) =>
      join.onRef('gw.workspace_id', '=', 'w.id').on('gw.principal_type', '=', 'group').onRef('gw.principal_id', '=', 'g.id'),
    )
    .select((eb) => [
      // Whether the caller holds any element role here (directly or through a group): mostly not, and then
      // pushes and pulls skip reading them.
      eb
        .exists(
          eb
            .selectFrom('element_roles as er')
            .select('er.role')
            .whereRef('er.workspace_id', '=', 'w.id')
            .where((inner) =>
              inner.or([
                inner.and([inner('er.principal_type', '=', 'user'), inner('er.principal_id', '=', caller)]),
                inner.and([
                  inner('er.principal_type', '=', 'group'),
                  inner('er.principal_id', 'in', inner.selectFrom('group_members as egm').select('egm.group_id').whereRef('egm.user_id', '=', 'm.user_id')),
                ]),
              ]),
            ),
        )
        .as('elementRolesHeld'),
      'w.id as id',
      'w.team_id as teamId',
      'w.visibility as visibility',
      'w.owner_id as ownerId',
      't.plan as plan',
      'm.user_id as memberId',
      'r.role as teamRole',
      'wm.role as workspaceRole',
      'g.id as groupId',
      'gr.role as groupTeamRole',
      'gw.role as groupWorkspaceRole',
      's.id as sessionId',
      's.user_id as sessionUserId',
      's.stage as sessionStage',
      's.last_seen_at as sessionLastSeenAt',
      's.idle_timeout_ms as sessionIdleTimeoutMs',
      's.absolute_expires_at as sessionAbsoluteExpiresAt',
      's.revoked_at as sessionRevokedAt',
      's.revoke_reason as sessionRevokeReason',
      'u.email as sessionEmail',
      'u.disabled_at as sessionDisabledAt',
    ])
    .where('w.id', '=', p.workspaceId);
});

type StandingRow = Awaited<ReturnType<typeof standingQuery.execute>>[number];

function sessionRowOf(row: StandingRow): SessionRow | undefined {
  if (row.sessionId === null || row.sessionUserId === null || row.sessionEmail === null) return undefined;
  return {
    id: row.sessionId,
    userId: row.sessionUserId,
    stage: row.sessionStage ?? '',
    lastSeenAt: Number(row.sessionLastSeenAt ?? 0),
    idleTimeoutMs: Number(row.sessionIdleTimeoutMs ?? 0),
    absoluteExpiresAt: Number(row.sessionAbsoluteExpiresAt ?? 0),
    revokedAt: row.sessionRevokedAt === null ? null : Number(row.sessionRevokedAt),
    revokeReason: row.sessionRevokeReason,
    email: row.sessionEmail,
    disabledAt: row.sessionDisabledAt === null ? null : Number(row.sessionDisabledAt),
  };
}

/** The standing the rows describe for `userId` (null: not signed in); null when the workspace does not exist. */
async function standingOf(db: Executor, rows: readonly StandingRow[], userId: string | null, element?: ElementRef): Promise<WorkspaceAccess | null> {
  const first = rows[0];
  if (first === undefined) return null;
  const plan = planOf(first.plan);
  let team: TeamAccess | null = null;
  const workspaceRoles = new Set<WorkspaceRole>();
  let elementRoles: Set<ElementRole> | undefined;
  if (userId !== null && first.memberId !== null) {
    const groups = planAllows(plan, 'user_groups');
    const held = rolesOf([...rows.map((row) => row.teamRole), ...(groups ? rows.map((row) => row.groupTeamRole) : [])]);
    const storedWorkspaceRoles = [...rows.map((row) => row.workspaceRole), ...(groups ? rows.map((row) => row.groupWorkspaceRole) : [])];
    for (const role of storedWorkspaceRoles) if (isWorkspaceRole(role)) workspaceRoles.add(role);
    team = { teamId: first.teamId, plan, roles: activeRoles(held, plan) };
    if (element !== undefined) {
      const groupIds = groups ? [...new Set(rows.flatMap((row) => (row.groupId === null ? [] : [row.groupId])))] : [];
      elementRoles = await elementRolesOf(db, first.id, element, userId, groupIds);
    }
  }
  const subject: WorkspaceSubject = {
    userId,
    teamMember: team !== null,
    teamRoles: team?.roles ?? new Set(),
    plan,
    workspaceRoles,
    isOwner: userId !== null && userId === first.ownerId,
    ...(elementRoles !== undefined ? { elementRoles } : {}),
  };
  // SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
  const elementRolesHeld = first.elementRolesHeld === true || Number(first.elementRolesHeld) === 1;
  return { workspace: { id: first.id, teamId: first.teamId, visibility: visibilityOf(first.visibility), ownerId: first.ownerId }, subject, team, elementRolesHeld };
}

/**
 * The caller's standing in the workspace, or null when it does not exist. `userId` null: not signed in.
 * With `element`, the subject carries the caller's roles on that element too.
 */
export async function loadWorkspaceAccess(db: Executor, workspaceId: string, userId: string | null, element?: ElementRef): Promise<WorkspaceAccess | null> {
  const rows = await standingQuery.execute(db, { workspaceId, userId: userId ?? '', tokenHash: '' });
  return standingOf(db, rows, userId, element);
}

/**
 * A session token's principal and its standing in the workspace, read together. Throws what session
 * authentication throws (an unknown, signed-out or ended session comes before any question about the
 * workspace); `workspace` is null when no such workspace exists.
 */
export async function loadSessionWorkspaceAccess(ctx: ServerContext, token: string, workspaceId: string): Promise<{ principal: Principal; workspace: WorkspaceAccess | null }> {
  const tokenHash = sessionTokenHash(token);
  const rows = await standingQuery.execute(ctx.db, { workspaceId, userId: '', tokenHash });
  const first = rows[0];
  // No workspace row, so no session columns either: the session is read on its own.
  if (first === undefined) return { principal: await authenticateSession(ctx, token), workspace: null };
  const principal = await principalOfSession(ctx, sessionRowOf(first));
  return { principal, workspace: await standingOf(ctx.db, rows, principal.userId) };
}
