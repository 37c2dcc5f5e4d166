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
export {
  WORKSPACE_VISIBILITIES,
  WORKSPACE_ROLES,
  ELEMENT_TYPES,
  ELEMENT_ROLES,
  WORKSPACE_ACTIONS,
  WORKSPACE_ACTION_ROWS,
  PRIVATE_WORKSPACE_EXITS,
  MAKE_VISIBILITY_ACTION,
  ANYONE,
  isWorkspaceVisibility,
  isWorkspaceRole,
  isElementRole,
  isWorkspaceAction,
  type WorkspaceVisibility,
  type WorkspaceRole,
  type ElementType,
  type ElementRole,
  type WorkspaceAction,
  type WorkspaceGrantee,
  type WorkspaceActionRow,
} from './workspace-actions.js';
export {
  authorizeWorkspace,
  assertWorkspaceAllowed,
  allowedWorkspaceActions,
  workspaceRule,
  WORKSPACE_GRANTEE_VOCABULARY,
  type WorkspaceSubject,
  type WorkspaceTarget,
  type WorkspaceDecision,
} from './workspace-authorize.js';
