/**
 * Changing a team's plan. Roles and groups the new plan lacks stay recorded but grant nothing (authz
 * ignores them), so an upgrade brings them back as they were. Two conversions keep the team administered:
 * - leaving Enterprise, each direct Super Admin is also granted Admin (Super Admin stays, dormant);
 * - entering Enterprise with no Super Admin recorded, each direct Admin is also granted Super Admin, so
 *   someone can grant it (only a Super Admin may).
 * If the team would still have no effective Admin afterwards (Admins only through groups, which stop
 * counting off Enterprise), the change is refused with LAST_ADMIN and nothing is written.
 */
import { assertNotLastHolder, planRank, type Plan, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { effectiveHolders, planOf, type Executor } from './access.js';
import { runTeamChange } from './scope.js';
import type { Actor, TeamView } from './types.js';
import { teamView } from './views.js';

async function directHolders(db: Executor, teamId: string, role: TeamRole): Promise<Set<string>> {
  const rows = await db.selectFrom('member_roles').select('user_id').where('team_id', '=', teamId).where('role', '=', role).execute();
  return new Set(rows.map((row) => row.user_id));
}

/** Members who get `role` because they hold `from` directly and do not hold `role` yet. */
async function conversions(db: Executor, teamId: string, fromRole: TeamRole, role: TeamRole): Promise<string[]> {
  const sources = await directHolders(db, teamId, fromRole);
  const already = await directHolders(db, teamId, role);
  return [...sources].filter((userId) => !already.has(userId)).sort();
}

export function changePlan(ctx: ServerContext, actor: Actor, teamId: string, plan: Plan): Promise<TeamView> {
  return runTeamChange(ctx, actor, teamId, 'team.change_plan', async ({ trx, team, now, audit }) => {
    const from = planOf(team.plan);
    if (from === plan) return teamView(trx, team, actor.userId);

    const granted: { userId: string; role: TeamRole }[] = [];
    if (from === 'enterprise') {
      for (const userId of await conversions(trx, teamId, 'super_admin', 'admin')) granted.push({ userId, role: 'admin' });
    } else if (plan === 'enterprise' && (await directHolders(trx, teamId, 'super_admin')).size === 0) {
      for (const userId of await conversions(trx, teamId, 'admin', 'super_admin')) granted.push({ userId, role: 'super_admin' });
    }
    if (granted.length > 0) {
      await trx
        .insertInto('member_roles')
        .values(granted.map(({ userId, role }) => ({ team_id: teamId, user_id: userId, role, granted_by: actor.userId, granted_at: now })))
        .execute();
    }
    await trx.updateTable('teams').set({ plan }).where('id', '=', teamId).execute();

    if (planRank(plan) < planRank(from)) {
      const admins = await effectiveHolders(trx, teamId, plan, 'admin');
      for (const userId of await effectiveHolders(trx, teamId, plan, 'super_admin')) admins.add(userId);
      assertNotLastHolder('admin', admins.size);
    }

    await audit({
      action: 'team.plan_change',
      target: { type: 'team', id: teamId },
      details: { from, to: plan, ...(granted.length > 0 ? { rolesGranted: granted } : {}) },
    });
    for (const { userId, role } of granted) {
      await audit({ action: 'team.role_grant', target: { type: 'user', id: userId }, details: { role, reason: 'plan_change' } });
    }
    return teamView(trx, { ...team, plan }, actor.userId);
  });
}
