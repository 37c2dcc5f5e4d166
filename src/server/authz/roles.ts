/**
 * Team roles, which plan each one exists on, and which roles take a paid seat. A role that the team's plan
 * does not include is dormant: it stays recorded (so an upgrade brings it back) but grants nothing.
 */
import { lowestPlanFor, planAllows, type Feature, type Plan } from './plans.js';

export const TEAM_ROLES = ['super_admin', 'admin', 'billing', 'developer', 'community_manager', 'api_network_manager'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<TeamRole, string>> = {
  super_admin: 'Super Admin',
  admin: 'Admin',
  billing: 'Billing',
  developer: 'Developer',
  community_manager: 'Community Manager',
  api_network_manager: 'API Network Manager',
};

/** The plan feature a role needs; null for the default roles every plan has. */
export const ROLE_FEATURE: Readonly<Record<TeamRole, Feature | null>> = {
  super_admin: 'super_admin_role',
  admin: null,
  billing: null,
  developer: null,
  community_manager: 'custom_roles',
  api_network_manager: 'custom_roles',
};

/** Members whose roles are all in this set do not take a paid seat (FEATURES.md, team roles). */
export const SEAT_FREE_ROLES: ReadonlySet<TeamRole> = new Set<TeamRole>(['admin', 'billing']);

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === 'string' && (TEAM_ROLES as readonly string[]).includes(value);
}

export function roleInPlan(role: TeamRole, plan: Plan): boolean {
  // Role names come from the database; an unknown one grants nothing rather than throwing.
  if (!isTeamRole(role)) return false;
  const feature = ROLE_FEATURE[role];
  return feature === null || planAllows(plan, feature);
}

/** The lowest plan on which a role exists. */
export function lowestPlanForRole(role: TeamRole): Plan {
  const feature = ROLE_FEATURE[role];
  return feature === null ? 'free' : lowestPlanFor(feature);
}

/** The roles a team on `plan` can hold, in TEAM_ROLES order. */
export function rolesInPlan(plan: Plan): readonly TeamRole[] {
  return TEAM_ROLES.filter((role) => roleInPlan(role, plan));
}

/** The roles that actually grant something on `plan`: held roles minus the dormant ones. */
export function activeRoles(roles: Iterable<TeamRole>, plan: Plan): ReadonlySet<TeamRole> {
  const active = new Set<TeamRole>();
  for (const role of roles) if (roleInPlan(role, plan)) active.add(role);
  return active;
}

/**
 * Whether a member holding `roles` (effective: direct and from groups) takes a paid seat. A member with no
 * role at all still takes one: a seat is free only when every role held is Admin or Billing.
 */
export function takesSeat(roles: Iterable<TeamRole>): boolean {
  let any = false;
  for (const role of roles) {
    any = true;
    if (!SEAT_FREE_ROLES.has(role)) return true;
  }
  return !any;
}
