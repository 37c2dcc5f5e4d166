/**
 * The teams service: teams, plans, members, roles and user groups, and `teamAccess` — the effective
 * roles the access guard hands authz on every team request. Every change runs in one transaction with
 * its audit entries, under a lock on the team row so concurrent changes (from any process) see each other.
 */
import type { Plan, TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { TeamAccess } from '../../http/access.js';
import { loadAccess } from './access.js';
import { addGroupMember, createGroup, deleteGroup, listGroups, removeGroupMember, updateGroup, type GroupChange } from './groups.js';
import { addMember, listMembers, removeMember, signOutMember, type AddMemberInput } from './members.js';
import { changePlan } from './plan.js';
import { grantRole, revokeRole } from './roles.js';
import type { TeamSettingsPatch } from './settings-patch.js';
import type { TeamSettings } from './settings.js';
import { createTeam, getTeam, renameTeam, updateSettings } from './teams.js';
import type { Actor, GroupView, MemberView, TeamView } from './types.js';

export interface TeamsService {
  /** The user's access to the team (effective, plan-active roles), or null when not a member. */
  teamAccess(teamId: string, userId: string): Promise<TeamAccess | null>;
  createTeam(actor: Actor, name: string): Promise<TeamView>;
  getTeam(actor: Actor, teamId: string): Promise<TeamView>;
  renameTeam(actor: Actor, teamId: string, name: string): Promise<TeamView>;
  updateSettings(actor: Actor, teamId: string, patch: TeamSettingsPatch): Promise<TeamSettings>;
  changePlan(actor: Actor, teamId: string, plan: Plan): Promise<TeamView>;
  listMembers(actor: Actor, teamId: string): Promise<MemberView[]>;
  addMember(actor: Actor, teamId: string, input: AddMemberInput): Promise<MemberView>;
  removeMember(actor: Actor, teamId: string, userId: string): Promise<void>;
  grantRole(actor: Actor, teamId: string, userId: string, role: TeamRole): Promise<MemberView>;
  revokeRole(actor: Actor, teamId: string, userId: string, role: TeamRole): Promise<MemberView>;
  signOutMember(actor: Actor, teamId: string, userId: string): Promise<{ revoked: number }>;
  listGroups(actor: Actor, teamId: string): Promise<GroupView[]>;
  createGroup(actor: Actor, teamId: string, input: { name: string; roles: readonly TeamRole[] }): Promise<GroupView>;
  updateGroup(actor: Actor, teamId: string, groupId: string, change: GroupChange): Promise<GroupView>;
  deleteGroup(actor: Actor, teamId: string, groupId: string): Promise<void>;
  addGroupMember(actor: Actor, teamId: string, groupId: string, userId: string): Promise<GroupView>;
  removeGroupMember(actor: Actor, teamId: string, groupId: string, userId: string): Promise<GroupView>;
}

export function createTeamsService(ctx: ServerContext): TeamsService {
  return {
    teamAccess: (teamId, userId) => loadAccess(ctx.db, teamId, userId),
    createTeam: (actor, name) => createTeam(ctx, actor, name),
    getTeam: (actor, teamId) => getTeam(ctx, actor, teamId),
    renameTeam: (actor, teamId, name) => renameTeam(ctx, actor, teamId, name),
    updateSettings: (actor, teamId, patch) => updateSettings(ctx, actor, teamId, patch),
    changePlan: (actor, teamId, plan) => changePlan(ctx, actor, teamId, plan),
    listMembers: (actor, teamId) => listMembers(ctx, actor, teamId),
    addMember: (actor, teamId, input) => addMember(ctx, actor, teamId, input),
    removeMember: (actor, teamId, userId) => removeMember(ctx, actor, teamId, userId),
    grantRole: (actor, teamId, userId, role) => grantRole(ctx, actor, teamId, userId, role),
    revokeRole: (actor, teamId, userId, role) => revokeRole(ctx, actor, teamId, userId, role),
    signOutMember: (actor, teamId, userId) => signOutMember(ctx, actor, teamId, userId),
    listGroups: (actor, teamId) => listGroups(ctx, actor, teamId),
    createGroup: (actor, teamId, input) => createGroup(ctx, actor, teamId, input),
    updateGroup: (actor, teamId, groupId, change) => updateGroup(ctx, actor, teamId, groupId, change),
    deleteGroup: (actor, teamId, groupId) => deleteGroup(ctx, actor, teamId, groupId),
    addGroupMember: (actor, teamId, groupId, userId) => addGroupMember(ctx, actor, teamId, groupId, userId),
    removeGroupMember: (actor, teamId, groupId, userId) => removeGroupMember(ctx, actor, teamId, groupId, userId),
  };
}

export { CREATOR_ROLES } from './teams.js';
export { ADMIN_SIGN_OUT_REASON, MEMBER_REMOVED_REASON, type AddMemberInput } from './members.js';
export type { GroupChange } from './groups.js';
export { TeamSettingsPatchSchema, applySettingsPatch, settingsChanges, type TeamSettingsPatch, type SettingChange } from './settings-patch.js';
export {
  TeamSettingsSchema,
  DEFAULT_TEAM_SETTINGS,
  SIGN_IN_METHODS,
  parseTeamSettings,
  loadTeamSettings,
  settingsOfUserTeams,
  type TeamSettings,
  type SignInMethod,
} from './settings.js';
export type { Actor, TeamView, MemberView, MemberGroupView, GroupView, GroupMemberView } from './types.js';
