/**
 * authorizeWorkspace(): the single answer to "may this caller do this to this workspace (or one of its
 * elements)". Two steps, both read from WORKSPACE_ACTION_ROWS:
 * 1. can the caller see the workspace at all? If not, NOT_FOUND, so personal and private workspaces
 *    cannot be probed;
 * 2. the action's cell for the workspace's visibility, through the rule engine (plan gate first).
 */
import { ServerError } from '../errors.js';
import type { Feature, Plan } from './plans.js';
import { activeRoles, roleInPlan, type TeamRole } from './roles.js';
import { decide, type Decision, type Grant, type Rule, type RoleVocabulary } from './rules.js';
import {
  PRIVATE_WORKSPACE_EXITS,
  VISIBILITY_PHRASES,
  WORKSPACE_ACTIONS,
  WORKSPACE_ACTION_ROWS,
  isElementRole,
  isWorkspaceRole,
  type ElementRole,
  type WorkspaceAction,
  type WorkspaceGrantee,
  type WorkspaceRole,
  type WorkspaceVisibility,
} from './workspace-actions.js';

/** Who is asking, as seen from one workspace's team. */
export interface WorkspaceSubject {
  /** null: not signed in. */
  readonly userId: string | null;
  /** Whether the caller is a member of the workspace's team; workspace roles and ownership count only then. */
  readonly teamMember: boolean;
  /** Effective team roles (direct ∪ groups); dormant ones are ignored here. */
  readonly teamRoles: ReadonlySet<TeamRole>;
  /** The plan of the workspace's team. */
  readonly plan: Plan;
  /** Effective workspace roles: direct ∪ through groups (groups only where the plan has them). */
  readonly workspaceRoles: ReadonlySet<WorkspaceRole>;
  readonly isOwner: boolean;
  /** Effective roles on the one element the action concerns (direct ∪ groups); absent or empty: none. */
  readonly elementRoles?: ReadonlySet<ElementRole>;
}

export interface WorkspaceTarget {
  readonly visibility: WorkspaceVisibility;
  readonly teamId: string;
}

export type WorkspaceDecision =
  | Decision<WorkspaceGrantee>
  | { readonly allowed: false; readonly code: 'NOT_FOUND'; readonly reason: string };

const GRANTEE_LABELS: Readonly<Record<WorkspaceGrantee, string>> = {
  admin: 'Workspace Admin',
  editor: 'Editor',
  viewer: 'Viewer',
  owner: 'workspace owner',
  team_member: 'team member',
  signed_in: 'signed-in user',
  super_admin: 'Super Admin',
};

export const WORKSPACE_GRANTEE_VOCABULARY: RoleVocabulary<WorkspaceGrantee> = {
  label: (grantee) => GRANTEE_LABELS[grantee],
  existsOn: (grantee, plan) => grantee !== 'super_admin' || roleInPlan('super_admin', plan),
};

/** What the subject counts as, before (`refine` false) or after element roles replace workspace roles. */
function holdings(subject: WorkspaceSubject, refine: boolean): Set<WorkspaceGrantee> {
  const held = new Set<WorkspaceGrantee>();
  if (subject.userId === null) return held;
  held.add('signed_in');
  // Someone who left the team keeps nothing: their workspace rows stay but grant nothing.
  if (!subject.teamMember) return held;
  held.add('team_member');
  if (subject.isOwner) held.add('owner');
  for (const role of subject.workspaceRoles) if (isWorkspaceRole(role)) held.add(role);
  if (activeRoles(subject.teamRoles, subject.plan).has('super_admin')) held.add('super_admin');
  const elementRoles = [...(subject.elementRoles ?? [])].filter(isElementRole);
  // An element role refines the workspace role for that element (up or down); Admins keep every element.
  if (refine && elementRoles.length > 0 && !held.has('admin')) {
    held.delete('editor');
    held.delete('viewer');
    for (const role of elementRoles) held.add(role);
  }
  return held;
}

function grantsOf(action: WorkspaceAction, visibility: WorkspaceVisibility): Grant<WorkspaceGrantee>[] {
  const cell = WORKSPACE_ACTION_ROWS[action].cells[visibility];
  if (cell.length === 0) return [];
  return [...cell.map((role) => ({ role })), { role: 'super_admin' as const }];
}

/** The engine rule for one cell of the table. */
export function workspaceRule(action: WorkspaceAction, visibility: WorkspaceVisibility): Rule<WorkspaceGrantee> {
  const row = WORKSPACE_ACTION_ROWS[action];
  const privateGate: Feature | null = visibility === 'private' && !PRIVATE_WORKSPACE_EXITS.has(action) ? 'private_workspaces' : null;
  return {
    does: row.does.replace('%s', VISIBILITY_PHRASES[visibility]),
    feature: row.feature ?? privateGate,
    grants: grantsOf(action, visibility),
  };
}

function notFound(): WorkspaceDecision {
  return { allowed: false, code: 'NOT_FOUND', reason: 'No such workspace that you can see' };
}

function sees(subject: WorkspaceSubject, visibility: WorkspaceVisibility): boolean {
  const held = holdings(subject, false);
  return grantsOf('workspace.view', visibility).some((grant) => grant.role === 'member' || held.has(grant.role));
}

export function authorizeWorkspace(subject: WorkspaceSubject, workspace: WorkspaceTarget, action: WorkspaceAction): WorkspaceDecision {
  const row = WORKSPACE_ACTION_ROWS[action];
  if (row.noVisibilityCheck !== true && !sees(subject, workspace.visibility)) return notFound();
  const decision = decide(workspaceRule(action, workspace.visibility), holdings(subject, row.refinedByElementRole === true), subject.plan, WORKSPACE_GRANTEE_VOCABULARY);
  if (decision.allowed) return decision;
  if (row.deniedAsNotFound === true) return notFound();
  if (decision.code === 'FORBIDDEN' && row.refusal !== undefined && row.cells[workspace.visibility].length === 0) {
    return { ...decision, reason: row.refusal };
  }
  return decision;
}

/** Throws NOT_FOUND, FORBIDDEN or PLAN_REQUIRED with the one-line reason. */
export function assertWorkspaceAllowed(subject: WorkspaceSubject, workspace: WorkspaceTarget, action: WorkspaceAction): void {
  const decision = authorizeWorkspace(subject, workspace, action);
  if (decision.allowed) return;
  if (decision.code === 'NOT_FOUND') throw new ServerError('NOT_FOUND', decision.reason, { field: 'workspaceId' });
  const details: Record<string, unknown> = { action, visibility: workspace.visibility, currentPlan: subject.plan };
  if (decision.feature !== undefined) details['feature'] = decision.feature;
  if (decision.requiredPlan !== undefined) details['requiredPlan'] = decision.requiredPlan;
  if (decision.requiredRoles !== undefined) details['requiredRoles'] = decision.requiredRoles;
  throw new ServerError(decision.code, decision.reason, { details });
}

/** Every workspace action the subject may do there, in WORKSPACE_ACTIONS order (for the apps' menus). */
export function allowedWorkspaceActions(subject: WorkspaceSubject, workspace: WorkspaceTarget): WorkspaceAction[] {
  return WORKSPACE_ACTIONS.filter((action) => action !== 'workspace.create' && authorizeWorkspace(subject, workspace, action).allowed);
}
