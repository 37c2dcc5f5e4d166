/**
 * Team-level actions and who may do them: the team roles table of FEATURES.md as rows. Each row names the
 * roles that allow the action and the plan feature (if any) that gates it. Super Admin is added to every
 * row ("everything any other role can"), so rows list only the other roles.
 */
import type { Feature, Plan } from './plans.js';
import type { TeamRole } from './roles.js';
import { ANY_MEMBER, type Grant, type Rule } from './rules.js';

export const TEAM_ACTIONS = [
  'team.read',
  'team.update_settings',
  'team.rename',
  'team.delete',
  'team.change_plan',
  'team.read_billing',
  'members.list',
  'members.add',
  'members.remove',
  'members.grant_role',
  'members.revoke_role',
  'sessions.revoke_member',
  'groups.list',
  'groups.manage',
  'audit.read',
  'audit.export',
  'audit.api',
  'api_keys.create_own',
  'api_keys.list_team',
  'api_keys.revoke_any',
  'api_keys.set_policy',
  'sso.manage',
  'scim.manage',
  'domains.manage',
  'invites.manage',
  'invite_links.manage',
  'invites.create_developer',
  'public.approve_requests',
  'public.manage_elements',
  'collection_links.manage',
  'token_alerts.manage',
  'api_network.approve',
  'enterprise_app.manage',
] as const;
export type TeamAction = (typeof TEAM_ACTIONS)[number];

type TeamGrant = Grant<TeamRole>;

const member: TeamGrant = { role: ANY_MEMBER };
const admin: TeamGrant = { role: 'admin' };
const billing: TeamGrant = { role: 'billing' };
const communityManager: TeamGrant = { role: 'community_manager' };
const apiNetworkManager: TeamGrant = { role: 'api_network_manager' };
/** Developers may invite Developers except on Enterprise, where invites are the admins' job. */
const DEVELOPER_INVITE_PLANS: readonly Plan[] = ['free', 'basic', 'professional'];
const developerInviting: TeamGrant = { role: 'developer', onlyOn: DEVELOPER_INVITE_PLANS };

function rule(does: string, feature: Feature | null, ...grants: TeamGrant[]): Rule<TeamRole> {
  return { does, feature, grants: [...grants, { role: 'super_admin' }] };
}

export const TEAM_ACTION_RULES: Readonly<Record<TeamAction, Rule<TeamRole>>> = {
  // Every member sees the team (name, plan, settings that concern them) and who is in it.
  'team.read': rule('Reading the team', null, member),
  'team.update_settings': rule('Changing team settings', null, admin),
  'team.rename': rule('Renaming the team', null, admin),
  'team.delete': rule('Deleting the team', null, admin),
  // Plan and payments belong to Billing alone; Admins do not see invoices or change the plan.
  'team.change_plan': rule('Changing the plan', null, billing),
  'team.read_billing': rule('Seeing billing and payments', null, billing),

  'members.list': rule('Listing members', null, member),
  'members.add': rule('Adding members', null, admin),
  'members.remove': rule('Removing members', null, admin),
  // Billing users grant Billing; which role each may grant is decided by role-grants.ts.
  'members.grant_role': rule('Granting roles', null, admin, billing),
  'members.revoke_role': rule('Revoking roles', null, admin, billing),
  'sessions.revoke_member': rule("Signing out other members' sessions", null, admin),

  // Members see groups so they can share with them; only admins shape them.
  'groups.list': rule('Listing user groups', 'user_groups', member),
  'groups.manage': rule('Managing user groups', 'user_groups', admin),

  'audit.read': rule('Reading the audit log', 'audit_logs', admin, communityManager),
  'audit.export': rule('Exporting the audit log', 'audit_logs', admin, communityManager),
  'audit.api': rule('Reading the audit log through the API', 'audit_log_api', admin, communityManager),

  // Whether members may create keys at all is a team setting, checked by the API key service.
  'api_keys.create_own': rule('Creating API keys', null, member),
  'api_keys.list_team': rule("Listing the team's API keys", null, admin),
  'api_keys.revoke_any': rule("Revoking other members' API keys", null, admin),
  'api_keys.set_policy': rule('Setting the API key policy', 'api_key_expiry', admin),

  'sso.manage': rule('Managing single sign-on', 'saml_sso', admin),
  'scim.manage': rule('Managing SCIM provisioning', 'scim', admin),
  'domains.manage': rule('Managing domain capture', 'domain_capture', admin),
  'invites.manage': rule('Managing invites', 'team_invites', admin),
  'invite_links.manage': rule('Managing invite links', 'team_invites', admin),
  'invites.create_developer': rule('Inviting Developers', 'team_invites', admin, developerInviting),

  // Only roles beyond the defaults can do these, so they share that role's plan gate.
  'public.approve_requests': rule('Approving requests to make workspaces public', 'custom_roles', communityManager),
  'api_network.approve': rule('Approving APIs in the private API network', 'custom_roles', apiNetworkManager),

  'public.manage_elements': rule('Managing public elements', 'public_elements_management', communityManager),
  'collection_links.manage': rule('Managing collection links', 'public_elements_management', communityManager),
  'token_alerts.manage': rule('Managing custom token alerts', 'custom_token_alerts', communityManager),
  'enterprise_app.manage': rule('Managing the enterprise application', 'enterprise_application', admin),
};

export function isTeamAction(value: unknown): value is TeamAction {
  return typeof value === 'string' && Object.hasOwn(TEAM_ACTION_RULES, value);
}
