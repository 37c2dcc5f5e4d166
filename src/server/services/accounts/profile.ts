/** `GET /me`: the signed-in user and the teams they belong to, with the roles they hold directly. */
import type { ServerContext } from '../../context.js';
import type { Profile, ProfileTeam, SessionPrincipal } from './types.js';
import { hasTotp, loadSignedInUser } from './users.js';

export async function profileOf(ctx: ServerContext, principal: SessionPrincipal): Promise<Profile> {
  const user = await loadSignedInUser(ctx.db, principal.userId);
  const teamRows = await ctx.db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['teams.id as id', 'teams.name as name', 'teams.plan as plan'])
    .where('team_members.user_id', '=', user.id)
    .orderBy('teams.name')
    .orderBy('teams.id')
    .execute();
  const roleRows = await ctx.db.selectFrom('member_roles').select(['team_id', 'role']).where('user_id', '=', user.id).orderBy('role').execute();
  const rolesByTeam = new Map<string, string[]>();
  for (const row of roleRows) {
    const list = rolesByTeam.get(row.team_id) ?? [];
    list.push(row.role);
    rolesByTeam.set(row.team_id, list);
  }
  const teams: ProfileTeam[] = teamRows.map((t) => ({ id: t.id, name: t.name, plan: t.plan, roles: rolesByTeam.get(t.id) ?? [] }));
  return {
    user: { id: user.id, email: user.email, name: user.name, twoFactorEnabled: hasTotp(user), createdAt: Number(user.created_at) },
    teams,
  };
}
