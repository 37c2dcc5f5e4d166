/**
 * The workspace permission matrix: every workspace action × visibility × plan, for callers holding every
 * workspace role (and none) × every team role (and none) × owner or not × element role (none, Viewer,
 * Editor), plus anonymous and signed-in outsiders. The expectation is written here from issue 7 and
 * FEATURES.md as "levels", without reading the module's tables, so a wrong cell there fails here.
 */
import { describe, expect, it } from 'vitest';
import {
  WORKSPACE_ACTIONS,
  authorizeWorkspace,
  type ElementRole,
  type Plan,
  type TeamRole,
  type WorkspaceAction,
  type WorkspaceRole,
  type WorkspaceSubject,
  type WorkspaceVisibility,
} from './index.js';

const PLANS: readonly Plan[] = ['free', 'basic', 'professional', 'enterprise'];
const VISIBILITIES: readonly WorkspaceVisibility[] = ['personal', 'private', 'team', 'public'];
const TEAM_ROLE_CHOICES: readonly (TeamRole | null)[] = [null, 'super_admin', 'admin', 'billing', 'developer', 'community_manager', 'api_network_manager'];
const WORKSPACE_ROLE_CHOICES: readonly (WorkspaceRole | null)[] = [null, 'viewer', 'editor', 'admin'];
const ELEMENT_ROLE_CHOICES: readonly (ElementRole | null)[] = [null, 'viewer', 'editor'];

interface Caller {
  readonly name: string;
  readonly signedIn: boolean;
  readonly member: boolean;
  readonly teamRole: TeamRole | null;
  readonly workspaceRole: WorkspaceRole | null;
  readonly owner: boolean;
  readonly elementRole: ElementRole | null;
}

const CALLERS: readonly Caller[] = [
  { name: 'anonymous', signedIn: false, member: false, teamRole: null, workspaceRole: null, owner: false, elementRole: null },
  // Not in the team: even rows left behind (an old workspace role, ownership, Super Admin) give nothing.
  { name: 'outsider', signedIn: true, member: false, teamRole: null, workspaceRole: null, owner: false, elementRole: null },
  { name: 'former owner and admin', signedIn: true, member: false, teamRole: 'super_admin', workspaceRole: 'admin', owner: true, elementRole: 'editor' },
  ...TEAM_ROLE_CHOICES.flatMap((teamRole) =>
    WORKSPACE_ROLE_CHOICES.flatMap((workspaceRole) =>
      [false, true].flatMap((owner) =>
        ELEMENT_ROLE_CHOICES.map((elementRole) => ({
          name: `member[team ${teamRole ?? '-'}, ws ${workspaceRole ?? '-'}${owner ? ', owner' : ''}, element ${elementRole ?? '-'}]`,
          signedIn: true,
          member: true,
          teamRole,
          workspaceRole,
          owner,
          elementRole,
        })),
      ),
    ),
  ),
];

/** How far a caller gets in a workspace, lowest first. */
const LEVELS = ['none', 'outside_anonymous', 'outside_signed_in', 'viewer', 'editor', 'admin'] as const;
type Level = (typeof LEVELS)[number];
const rank = (level: Level): number => LEVELS.indexOf(level);
const atLeast = (level: Level, floor: Level): boolean => rank(level) >= rank(floor);
const higher = (a: Level, b: Level): Level => (rank(a) >= rank(b) ? a : b);

function isSuperAdmin(caller: Caller, plan: Plan): boolean {
  // Super Admin exists on Enterprise only; a member of the team only.
  return caller.member && caller.teamRole === 'super_admin' && plan === 'enterprise';
}

/**
 * The caller's level from the visibility rules. Personal: the owner only. Private: invited
 * members (a workspace role) only. Team: every member (at least a Viewer). Public: anyone reads; team
 * members at least Viewers. Super Admins manage everything. With `element` the element role replaces the
 * workspace role for that element (Admins and Super Admins keep Admin; team members keep Viewer).
 */
function level(caller: Caller, visibility: WorkspaceVisibility, plan: Plan, element: boolean): Level {
  if (isSuperAdmin(caller, plan)) return 'admin';
  const outside: Level = caller.signedIn ? 'outside_signed_in' : 'outside_anonymous';
  if (!caller.member) return visibility === 'public' ? outside : 'none';
  if (visibility === 'personal') return caller.owner ? 'admin' : 'none';
  let role: Level = caller.workspaceRole ?? 'none';
  if (element && caller.elementRole !== null && role !== 'admin') role = caller.elementRole;
  if (visibility === 'private') {
    // Element roles never reveal a private workspace the caller was not invited to.
    return caller.workspaceRole === null ? 'none' : role;
  }
  return higher(role, 'viewer');
}

type Outcome = 'allowed' | 'NOT_FOUND' | 'FORBIDDEN' | 'PLAN_REQUIRED';

const ELEMENT_SPECIFIC: ReadonlySet<WorkspaceAction> = new Set<WorkspaceAction>([
  'element.view', 'element.export', 'element.fork', 'element.update', 'element.delete', 'element.update_own_current_values',
]);

/** Whether a caller at `lvl` may do the action (the workspace already visible to them). */
function permitted(action: WorkspaceAction, visibility: WorkspaceVisibility, lvl: Level): boolean {
  switch (action) {
    case 'workspace.view':
    case 'element.view':
    case 'element.export':
      return lvl !== 'none';
    case 'workspace.view_public':
      return visibility === 'public';
    case 'element.fork':
      return atLeast(lvl, 'outside_signed_in');
    case 'workspace.members.view':
    case 'element.update_own_current_values':
      return atLeast(lvl, 'viewer');
    case 'element.create':
    case 'element.update':
    case 'element.delete':
      return atLeast(lvl, 'editor');
    case 'workspace.members.manage':
    case 'element.manage_roles':
      // A personal workspace has no members to manage, whoever asks.
      return visibility !== 'personal' && lvl === 'admin';
    default:
      // Settings, delete and every visibility change: "Only a workspace Admin".
      return lvl === 'admin';
  }
}

function expected(caller: Caller, visibility: WorkspaceVisibility, plan: Plan, action: WorkspaceAction): Outcome {
  const privateOnPlan = plan === 'professional' || plan === 'enterprise';
  if (action === 'workspace.create') {
    // As for team actions, the plan is checked before who asks.
    if (visibility === 'private' && !privateOnPlan) return 'PLAN_REQUIRED';
    if (!caller.member || visibility === 'public') return 'FORBIDDEN';
    return 'allowed';
  }
  const seen = level(caller, visibility, plan, false);
  if (seen === 'none') return 'NOT_FOUND';
  if (action === 'workspace.view_public' && visibility !== 'public') return 'NOT_FOUND';
  if (!privateOnPlan) {
    if (action === 'workspace.make_private') return 'PLAN_REQUIRED';
    // A private workspace left on a plan without them: only its way out stays open.
    const exits = ['workspace.delete', 'workspace.change_visibility', 'workspace.make_team', 'workspace.make_personal'];
    if (visibility === 'private' && !exits.includes(action)) return 'PLAN_REQUIRED';
  }
  const lvl = level(caller, visibility, plan, ELEMENT_SPECIFIC.has(action));
  return permitted(action, visibility, lvl) ? 'allowed' : 'FORBIDDEN';
}

function subjectOf(caller: Caller, plan: Plan): WorkspaceSubject {
  return {
    userId: caller.signedIn ? 'usr_caller' : null,
    teamMember: caller.member,
    teamRoles: new Set(caller.teamRole === null ? [] : [caller.teamRole]),
    plan,
    workspaceRoles: new Set(caller.workspaceRole === null ? [] : [caller.workspaceRole]),
    isOwner: caller.owner,
    ...(caller.elementRole === null ? {} : { elementRoles: new Set([caller.elementRole]) }),
  };
}

describe('authorizeWorkspace: action × visibility × plan × caller', () => {
  const totals: Record<Outcome, number> = { allowed: 0, NOT_FOUND: 0, FORBIDDEN: 0, PLAN_REQUIRED: 0 };

  for (const plan of PLANS) {
    for (const visibility of VISIBILITIES) {
      for (const action of WORKSPACE_ACTIONS) {
        it(`${plan}, ${visibility}: ${action}`, () => {
          const mismatches: string[] = [];
          for (const caller of CALLERS) {
            const want = expected(caller, visibility, plan, action);
            totals[want] += 1;
            const decision = authorizeWorkspace(subjectOf(caller, plan), { visibility, teamId: 'team_1' }, action);
            const got: Outcome = decision.allowed ? 'allowed' : decision.code;
            if (got !== want) mismatches.push(`${caller.name}: expected ${want}, got ${got}`);
            if (!decision.allowed) expect(decision.reason).toMatch(/^[A-Z]/);
            if (!decision.allowed && decision.code === 'PLAN_REQUIRED') expect(decision.requiredPlan).toBe('professional');
          }
          expect(mismatches).toEqual([]);
        });
      }
    }
  }

  it('covered allowed and every kind of denial', () => {
    for (const outcome of ['allowed', 'NOT_FOUND', 'FORBIDDEN', 'PLAN_REQUIRED'] as const) expect(totals[outcome]).toBeGreaterThan(100);
  });
});
