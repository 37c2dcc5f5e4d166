/**
 * The rule engine: one generic evaluation of "does a holder of these roles, on this plan, satisfy this
 * rule". Team actions use it with team roles; workspace and element actions (issue 7) can use it with
 * their own role sets, so permissions stay rows in tables rather than branches in code.
 */
import { PLAN_LABELS, planAllows, lowestPlanFor, type Feature, type Plan } from './plans.js';

/** A pseudo-role in a grant: anyone who is a member, whatever roles they hold (or none). */
export const ANY_MEMBER = 'member';
export type AnyMember = typeof ANY_MEMBER;

/** One way to be allowed: hold `role`, optionally only while the team is on one of `onlyOn`. */
export interface Grant<R extends string> {
  readonly role: R | AnyMember;
  readonly onlyOn?: readonly Plan[];
}

export interface Rule<R extends string> {
  /** What the action does, as the subject of "… needs the Admin role" ("Changing the plan"). */
  readonly does: string;
  /** The plan feature without which nobody may do it; null when every plan allows it. */
  readonly feature: Feature | null;
  readonly grants: readonly Grant<R>[];
}

export type Decision<R extends string = string> =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: 'FORBIDDEN' | 'PLAN_REQUIRED';
      /** One line naming the action and what it needs. */
      readonly reason: string;
      /** PLAN_REQUIRED: the feature and the lowest plan that has it. */
      readonly feature?: Feature;
      readonly requiredPlan?: Plan;
      /** FORBIDDEN: the roles (existing on the team's plan) any one of which would allow it. */
      readonly requiredRoles?: readonly R[];
    };

export const ALLOWED: Decision<never> = { allowed: true };

export interface RoleVocabulary<R extends string> {
  readonly label: (role: R) => string;
  /** Whether the role exists on the plan (a grant naming a role the plan lacks is never offered). */
  readonly existsOn: (role: R, plan: Plan) => boolean;
}

function grantApplies(grant: Grant<string>, plan: Plan): boolean {
  return grant.onlyOn === undefined || grant.onlyOn.includes(plan);
}

/** "A", "A or B", "A, B or C". */
export function orList(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1] ?? ''}`;
}

/**
 * Decide a rule for `activeRoles` (roles already filtered to those the plan includes). The plan gate is
 * checked first: when the feature is outside the plan no role helps, and the answer names the plan.
 */
export function decide<R extends string>(
  rule: Rule<R>,
  activeRoles: ReadonlySet<R>,
  plan: Plan,
  vocabulary: RoleVocabulary<R>,
): Decision<R> {
  if (rule.feature !== null && !planAllows(plan, rule.feature)) {
    return {
      allowed: false,
      code: 'PLAN_REQUIRED',
      reason: `${rule.does} needs the ${PLAN_LABELS[lowestPlanFor(rule.feature)]} plan; this team is on ${PLAN_LABELS[plan]}`,
      feature: rule.feature,
      requiredPlan: lowestPlanFor(rule.feature),
    };
  }
  for (const grant of rule.grants) {
    if (!grantApplies(grant, plan)) continue;
    if (grant.role === ANY_MEMBER || activeRoles.has(grant.role)) return ALLOWED;
  }
  const requiredRoles: R[] = [];
  for (const grant of rule.grants) {
    if (grant.role === ANY_MEMBER || !grantApplies(grant, plan) || !vocabulary.existsOn(grant.role, plan)) continue;
    if (!requiredRoles.includes(grant.role)) requiredRoles.push(grant.role);
  }
  const needs = requiredRoles.length === 0
    ? `is not available to any role on the ${PLAN_LABELS[plan]} plan`
    : `needs the ${orList(requiredRoles.map(vocabulary.label))} role`;
  return { allowed: false, code: 'FORBIDDEN', reason: `${rule.does} ${needs}`, requiredRoles };
}
