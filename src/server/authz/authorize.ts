/**
 * authorize(): the single answer to "may this member do this team action". Every route asks it (or
 * assertAllowed) before doing anything; nothing else in the server decides permissions.
 */
import { ServerError } from '../errors.js';
import { TEAM_ACTIONS, TEAM_ACTION_RULES, type TeamAction } from './actions.js';
import type { Plan } from './plans.js';
import { ROLE_LABELS, activeRoles, roleInPlan, type TeamRole } from './roles.js';
import { decide, type Decision, type RoleVocabulary } from './rules.js';

/**
 * Who is asking. `roles` are the effective roles: direct ones and those inherited from groups (the caller
 * computes the union). Roles the plan does not include are ignored here, so a Super Admin on a team that
 * left Enterprise is not a Super Admin.
 */
export interface Subject {
  readonly userId: string;
  readonly roles: ReadonlySet<TeamRole>;
  readonly plan: Plan;
}

export type TeamDecision = Decision<TeamRole>;

export const TEAM_ROLE_VOCABULARY: RoleVocabulary<TeamRole> = {
  label: (role) => ROLE_LABELS[role],
  existsOn: roleInPlan,
};

export function authorize(subject: Subject, action: TeamAction): TeamDecision {
  const rule = TEAM_ACTION_RULES[action];
  return decide(rule, activeRoles(subject.roles, subject.plan), subject.plan, TEAM_ROLE_VOCABULARY);
}

/** Throws FORBIDDEN or PLAN_REQUIRED with the one-line reason ("Changing the plan needs the Billing role"). */
export function assertAllowed(subject: Subject, action: TeamAction): void {
  const decision = authorize(subject, action);
  if (decision.allowed) return;
  const details: Record<string, unknown> = { action, currentPlan: subject.plan };
  if (decision.feature !== undefined) details['feature'] = decision.feature;
  if (decision.requiredPlan !== undefined) details['requiredPlan'] = decision.requiredPlan;
  if (decision.requiredRoles !== undefined) details['requiredRoles'] = decision.requiredRoles;
  throw new ServerError(decision.code, decision.reason, { details });
}

/** Every action the subject may do, in TEAM_ACTIONS order (for "what can I do" answers to the apps). */
export function allowedActions(subject: Subject): TeamAction[] {
  return TEAM_ACTIONS.filter((action) => authorize(subject, action).allowed);
}
