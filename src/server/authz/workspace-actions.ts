/**
 * Workspaces and their elements: visibilities, workspace and element roles, and the action table
 * (action × visibility → who may) from FEATURES.md ("Workspace roles", "Workspaces", Super Admin) and
 * issue 7. Each cell lists the grantees; Super Admin is added to every non-empty cell ("sees and manages
 * every workspace and element, private and personal included"). An empty cell means nobody.
 */
import type { Feature } from './plans.js';
import { ANY_MEMBER } from './rules.js';

export const WORKSPACE_VISIBILITIES = ['personal', 'private', 'team', 'public'] as const;
export type WorkspaceVisibility = (typeof WORKSPACE_VISIBILITIES)[number];

export const WORKSPACE_ROLES = ['admin', 'editor', 'viewer'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export const ELEMENT_TYPES = ['collection', 'environment'] as const;
export type ElementType = (typeof ELEMENT_TYPES)[number];

export const ELEMENT_ROLES = ['editor', 'viewer'] as const;
export type ElementRole = (typeof ELEMENT_ROLES)[number];

export const WORKSPACE_ACTIONS = [
  'workspace.create',
  'workspace.view',
  'workspace.view_public',
  'workspace.update',
  'workspace.delete',
  'workspace.change_visibility',
  'workspace.make_personal',
  'workspace.make_private',
  'workspace.make_team',
  'workspace.make_public',
  'workspace.members.view',
  'workspace.members.manage',
  'element.view',
  'element.export',
  'element.fork',
  'element.create',
  'element.update',
  'element.delete',
  'element.update_own_current_values',
  'element.manage_roles',
] as const;
export type WorkspaceAction = (typeof WORKSPACE_ACTIONS)[number];

/**
 * Who a grant can name. Workspace roles count only for team members; `owner` is the workspace's creator
 * (while a member); `team_member` any member of the workspace's team whatever their roles; `signed_in`
 * anyone with an account; ANY_MEMBER (the engine's "whoever asks") anyone at all, signed in or not.
 */
export type WorkspaceGrantee = WorkspaceRole | 'owner' | 'team_member' | 'signed_in' | 'super_admin';
export const ANYONE = ANY_MEMBER;
type Cell = readonly (WorkspaceGrantee | typeof ANYONE)[];

export interface WorkspaceActionRow {
  /** "Renaming %s": %s becomes "a personal workspace", "a private workspace", … */
  readonly does: string;
  /** A plan feature the action needs on every visibility (private workspaces add their own). */
  readonly feature?: Feature;
  readonly cells: Readonly<Record<WorkspaceVisibility, Cell>>;
  /** The reason given when a cell is empty, instead of "is not available to any role". */
  readonly refusal?: string;
  /** Element actions whose workspace roles an element role on that element replaces. */
  readonly refinedByElementRole?: boolean;
  /** A refusal answers NOT_FOUND (the public view of a workspace that is not public). */
  readonly deniedAsNotFound?: boolean;
  /** The workspace need not be visible first (creating one). */
  readonly noVisibilityCheck?: boolean;
}

const OWNER = ['owner'] as const;
const ADMINS = ['admin'] as const;
const EDITORS = ['admin', 'editor'] as const;
const READERS = ['admin', 'editor', 'viewer'] as const;
const MEMBERS = ['team_member'] as const;
const NOBODY = [] as const;

/** Seeing a workspace: the rule every other action's visibility check uses. */
const SEE = { personal: OWNER, private: READERS, team: MEMBERS, public: [ANYONE] } as const;
/** Workspace settings, members, visibility, delete: the workspace Admin (the owner of a personal one). */
const ADMINISTER = { personal: OWNER, private: ADMINS, team: ADMINS, public: ADMINS } as const;
/** Changing shared content: Editors and Admins. */
const EDIT = { personal: OWNER, private: EDITORS, team: EDITORS, public: EDITORS } as const;
/** Team members who see the workspace (a public one's outside readers are read-only). */
const WORK_IN = { personal: OWNER, private: READERS, team: MEMBERS, public: MEMBERS } as const;
const PERSONAL_HAS_NO_MEMBERS = { personal: NOBODY, private: ADMINS, team: ADMINS, public: ADMINS } as const;
const NO_MEMBERS_REFUSAL = 'A personal workspace has no members: make it a team or private workspace first';

export const WORKSPACE_ACTION_ROWS: Readonly<Record<WorkspaceAction, WorkspaceActionRow>> = {
  // Evaluated with the visibility being created; public only through a visibility change (the publish flow).
  'workspace.create': {
    does: 'Creating %s',
    cells: { personal: MEMBERS, private: MEMBERS, team: MEMBERS, public: NOBODY },
    refusal: 'A workspace becomes public only by changing its visibility (a Community Manager may have to approve)',
    noVisibilityCheck: true,
  },
  'workspace.view': { does: 'Viewing %s', cells: SEE },
  'workspace.view_public': {
    does: 'Viewing %s without signing in',
    cells: { personal: NOBODY, private: NOBODY, team: NOBODY, public: [ANYONE] },
    deniedAsNotFound: true,
  },
  'workspace.update': { does: 'Changing the name or description of %s', cells: ADMINISTER },
  'workspace.delete': { does: 'Deleting %s', cells: ADMINISTER },
  'workspace.change_visibility': { does: 'Changing the visibility of %s', cells: ADMINISTER },
  'workspace.make_personal': { does: 'Making %s personal', cells: ADMINISTER },
  'workspace.make_private': { does: 'Making %s private', feature: 'private_workspaces', cells: ADMINISTER },
  'workspace.make_team': { does: 'Making %s a team workspace', cells: ADMINISTER },
  'workspace.make_public': { does: 'Making %s public', cells: ADMINISTER },
  'workspace.members.view': { does: 'Listing the members of %s', cells: WORK_IN },
  'workspace.members.manage': { does: 'Managing the members of %s', cells: PERSONAL_HAS_NO_MEMBERS, refusal: NO_MEMBERS_REFUSAL },
  'element.view': { does: 'Viewing elements of %s', cells: SEE, refinedByElementRole: true },
  'element.export': { does: 'Exporting elements of %s', cells: SEE, refinedByElementRole: true },
  // A fork lands in a workspace of the forker's, so it needs an account.
  'element.fork': {
    does: 'Forking elements of %s',
    cells: { personal: OWNER, private: READERS, team: MEMBERS, public: ['signed_in'] },
    refinedByElementRole: true,
  },
  'element.create': { does: 'Adding elements to %s', cells: EDIT },
  'element.update': { does: 'Changing shared elements of %s', cells: EDIT, refinedByElementRole: true },
  'element.delete': { does: 'Deleting elements of %s', cells: EDIT, refinedByElementRole: true },
  // Current values never leave the device; this is the right to keep one's own, which Viewers have.
  'element.update_own_current_values': { does: 'Changing your own current values in %s', cells: WORK_IN, refinedByElementRole: true },
  'element.manage_roles': { does: 'Managing element roles in %s', cells: PERSONAL_HAS_NO_MEMBERS, refusal: NO_MEMBERS_REFUSAL },
};

/**
 * On a plan without private workspaces (after a downgrade), a private workspace is frozen: only these
 * let its Admins take it out of that state. Everything else answers PLAN_REQUIRED naming the plan.
 */
export const PRIVATE_WORKSPACE_EXITS: ReadonlySet<WorkspaceAction> = new Set<WorkspaceAction>([
  'workspace.delete',
  'workspace.change_visibility',
  'workspace.make_personal',
  'workspace.make_team',
]);

export const VISIBILITY_PHRASES: Readonly<Record<WorkspaceVisibility, string>> = {
  personal: 'a personal workspace',
  private: 'a private workspace',
  team: 'a team workspace',
  public: 'a public workspace',
};

/** The action that moves a workspace to `visibility`. */
export const MAKE_VISIBILITY_ACTION: Readonly<Record<WorkspaceVisibility, WorkspaceAction>> = {
  personal: 'workspace.make_personal',
  private: 'workspace.make_private',
  team: 'workspace.make_team',
  public: 'workspace.make_public',
};

export function isWorkspaceVisibility(value: unknown): value is WorkspaceVisibility {
  return typeof value === 'string' && (WORKSPACE_VISIBILITIES as readonly string[]).includes(value);
}

export function isWorkspaceRole(value: unknown): value is WorkspaceRole {
  return typeof value === 'string' && (WORKSPACE_ROLES as readonly string[]).includes(value);
}

export function isElementRole(value: unknown): value is ElementRole {
  return typeof value === 'string' && (ELEMENT_ROLES as readonly string[]).includes(value);
}

export function isWorkspaceAction(value: unknown): value is WorkspaceAction {
  return typeof value === 'string' && Object.hasOwn(WORKSPACE_ACTION_ROWS, value);
}
