/**
 * The team server's authorisation: plans and their features, team roles, team actions, who may grant
 * which role, and authorize(). Pure: no database, no I/O. Every route decides permissions through here.
 */
export {
  PLANS,
  PLAN_LABELS,
  FEATURES,
  FEATURE_IDS,
  isPlan,
  isFeature,
  planRank,
  planAtLeast,
  planAllows,
  lowestPlanFor,
  planRequiredMessage,
  requireFeature,
  auditRetentionDays,
  type Plan,
  type Feature,
} from './plans.js';
export {
  TEAM_ROLES,
  ROLE_LABELS,
  ROLE_FEATURE,
  SEAT_FREE_ROLES,
  isTeamRole,
  roleInPlan,
  lowestPlanForRole,
  rolesInPlan,
  activeRoles,
  takesSeat,
  type TeamRole,
} from './roles.js';
export { TEAM_ACTIONS, TEAM_ACTION_RULES, isTeamAction, type TeamAction } from './actions.js';
export { ANY_MEMBER, decide, type Grant, type Rule, type Decision, type RoleVocabulary } from './rules.js';
export { authorize, assertAllowed, allowedActions, TEAM_ROLE_VOCABULARY, type Subject, type TeamDecision } from './authorize.js';
export {
  ROLE_GRANTERS,
  canGrantRole,
  canRevokeRole,
  assertCanGrantRole,
  assertCanRevokeRole,
  assertNotLastHolder,
  type GrantDecision,
} from './role-grants.js';
