/** Creating a team, reading it, renaming it and changing its settings. */
import { assertAllowed, requireFeature, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { newId } from '../../db/index.js';
import { appendAudit } from '../audit/index.js';
import { loadAccess, teamNotFound } from './access.js';
import { runTeamChange } from './scope.js';
import { applySettingsPatch, settingsChanges, type TeamSettingsPatch } from './settings-patch.js';
import { DEFAULT_TEAM_SETTINGS, parseTeamSettings, type TeamSettings } from './settings.js';
import type { Actor, TeamView } from './types.js';
import { teamView } from './views.js';

/** The creator can run the team (Admin), pay for it (Billing) and work in it (Developer). */
export const CREATOR_ROLES: readonly TeamRole[] = ['admin', 'billing', 'developer'];

export async function createTeam(ctx: ServerContext, actor: Actor, name: string): Promise<TeamView> {
  const id = newId('team');
  const now = ctx.clock();
  return ctx.db.transaction().execute(async (trx) => {
    const team = { id, name, plan: 'free', created_at: now, settings: JSON.stringify(DEFAULT_TEAM_SETTINGS) };
    await trx.insertInto('teams').values(team).execute();
    await trx.insertInto('team_members').values({ team_id: id, user_id: actor.userId, joined_at: now }).execute();
    await trx
      .insertInto('member_roles')
      .values(CREATOR_ROLES.map((role) => ({ team_id: id, user_id: actor.userId, role, granted_by: actor.userId, granted_at: now })))
      .execute();
    await appendAudit(
      ctx,
      {
        action: 'team.create',
        teamId: id,
        actor: { id: actor.userId, email: actor.email },
        target: { type: 'team', id },
        details: { name, plan: 'free', creatorRoles: [...CREATOR_ROLES] },
        meta: actor.meta,
      },
      trx,
    );
    return teamView(trx, team, actor.userId);
  });
}

export async function getTeam(ctx: ServerContext, actor: Actor, teamId: string): Promise<TeamView> {
  const access = await loadAccess(ctx.db, teamId, actor.userId);
  if (access === null) throw teamNotFound(teamId);
  assertAllowed({ userId: actor.userId, roles: access.roles, plan: access.plan }, 'team.read');
  const team = await ctx.db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirst();
  if (team === undefined) throw teamNotFound(teamId);
  return teamView(ctx.db, team, actor.userId);
}

export function renameTeam(ctx: ServerContext, actor: Actor, teamId: string, name: string): Promise<TeamView> {
  return runTeamChange(ctx, actor, teamId, 'team.rename', async ({ trx, team, audit }) => {
    if (team.name !== name) {
      await trx.updateTable('teams').set({ name }).where('id', '=', teamId).execute();
      await audit({ action: 'team.settings_update', target: { type: 'team', id: teamId }, details: { changes: { name: { before: team.name, after: name } } } });
    }
    return teamView(trx, { ...team, name }, actor.userId);
  });
}

export function updateSettings(ctx: ServerContext, actor: Actor, teamId: string, patch: TeamSettingsPatch): Promise<TeamSettings> {
  return runTeamChange(ctx, actor, teamId, 'team.update_settings', async ({ trx, team, subject, audit }) => {
    const before = parseTeamSettings(team.settings);
    const after = applySettingsPatch(before, patch);
    const changes = settingsChanges(before, after);
    const keys = Object.keys(changes);
    if (keys.length === 0) return before;
    const policyChanges = Object.fromEntries(Object.entries(changes).filter(([key]) => key.startsWith('apiKeys.')));
    const policyChanged = Object.keys(policyChanges).length > 0;
    if (policyChanged) assertAllowed(subject, 'api_keys.set_policy');
    // Without password sign-in members can only come in through SSO, which the plan must have.
    if (!after.allowedSignInMethods.includes('password')) requireFeature(subject.plan, 'saml_sso');

    await trx.updateTable('teams').set({ settings: JSON.stringify(after) }).where('id', '=', teamId).execute();
    await audit({ action: 'team.settings_update', target: { type: 'team', id: teamId }, details: { changes } });
    if (policyChanged) await audit({ action: 'api_key.policy_update', target: { type: 'team', id: teamId }, details: { changes: policyChanges } });
    return after;
  });
}
