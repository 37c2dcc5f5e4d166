/**
 * Who may grant or revoke which team role. Granting is not just "members.grant_role": Billing is granted
 * only by Super Admins and Billing users, Super Admin only by Super Admins, and a role the plan does not
 * include cannot be granted at all.
 */
import { ServerError } from '../errors.js';
import type { Subject } from './authorize.js';
import { PLAN_LABELS, type Plan } from './plans.js';
import { ROLE_LABELS, activeRoles, lowestPlanForRole, roleInPlan, type TeamRole } from './roles.js';
import { orList } from './rules.js';

export type GrantDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: 'FORBIDDEN' | 'ROLE_NOT_IN_PLAN';
      readonly reason: string;
      /** ROLE_NOT_IN_PLAN: the lowest plan that has the role. */
      readonly requiredPlan?: Plan;
      /** FORBIDDEN: roles any one of which may grant it. */
      readonly requiredRoles?: readonly TeamRole[];
    };

/** For each role, the roles whose holders may grant and revoke it. */
export const ROLE_GRANTERS: Readonly<Record<TeamRole, readonly TeamRole[]>> = {
  super_admin: ['super_admin'],
  billing: ['super_admin', 'billing'],
  admin: ['super_admin', 'admin'],
  developer: ['super_admin', 'admin'],
  community_manager: ['super_admin', 'admin'],
  api_network_manager: ['super_admin', 'admin'],
};

function decideGrant(granter: Subject, role: TeamRole, verb: 'Granting' | 'Revoking'): GrantDecision {
  if (!roleInPlan(role, granter.plan)) {
    const requiredPlan = lowestPlanForRole(role);
    return {
      allowed: false,
      code: 'ROLE_NOT_IN_PLAN',
      reason: `${verb} the ${ROLE_LABELS[role]} role needs the ${PLAN_LABELS[requiredPlan]} plan; this team is on ${PLAN_LABELS[granter.plan]}`,
      requiredPlan,
    };
  }
  const granterRoles = activeRoles(granter.roles, granter.plan);
  const granters = ROLE_GRANTERS[role];
  if (granters.some((candidate) => granterRoles.has(candidate))) return { allowed: true };
  const requiredRoles = granters.filter((candidate) => roleInPlan(candidate, granter.plan));
  return {
    allowed: false,
    code: 'FORBIDDEN',
    reason: `${verb} the ${ROLE_LABELS[role]} role needs the ${orList(requiredRoles.map((r) => ROLE_LABELS[r]))} role`,
    requiredRoles,
  };
}

export function canGrantRole(granter: Subject, role: TeamRole): GrantDecision {
  return decideGrant(granter, role, 'Granting');
}

/**
 * Same rules as granting. A role outside the plan is dormant and cannot be revoked either: it grants
 * nothing meanwhile, and comes back as it was if the team upgrades again.
 */
export function canRevokeRole(granter: Subject, role: TeamRole): GrantDecision {
  return decideGrant(granter, role, 'Revoking');
}

function assertGrantDecision(decision: GrantDecision, role: TeamRole, granter: Subject): void {
  if (decision.allowed) return;
  const details: Record<string, unknown> = { role, currentPlan: granter.plan };
  if (decision.requiredPlan !== undefined) details['requiredPlan'] = decision.requiredPlan;
  if (decision.requiredRoles !== undefined) details['requiredRoles'] = decision.requiredRoles;
  throw new ServerError(decision.code, decision.reason, { details });
}

export function assertCanGrantRole(granter: Subject, role: TeamRole): void {
  assertGrantDecision(canGrantRole(granter, role), role, granter);
}

export function assertCanRevokeRole(granter: Subject, role: TeamRole): void {
  assertGrantDecision(canRevokeRole(granter, role), role, granter);
}

/** Roles the team may never be left without once someone holds them. */
const MUST_KEEP_ONE: Readonly<Partial<Record<TeamRole, string>>> = {
  admin: 'The team must keep at least one Admin',
  super_admin: 'The team must keep at least one Super Admin',
};

/**
 * Call when a change takes `role` away from someone (revoking it, removing the member, removing them from
 * a group that gave it, deactivating them through SCIM). `holdersAfterChange` counts the members who would
 * still hold it effectively (directly or through a group). Since the change removes a holder, the team had
 * one, so reaching zero is refused for Admin and Super Admin.
 */
export function assertNotLastHolder(role: TeamRole, holdersAfterChange: number): void {
  const message = MUST_KEEP_ONE[role];
  if (message !== undefined && holdersAfterChange < 1) {
    throw new ServerError('LAST_ADMIN', message, { details: { role } });
  }
}
