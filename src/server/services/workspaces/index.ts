/**
 * The workspaces service: workspaces, their members (users and groups), element role grants, visibility
 * and the publish flow, and `workspaceAccess` — the caller's standing the access guard hands authz on
 * every workspace request. Every change runs in one transaction with its audit entries.
 */
import type { WorkspaceRole, WorkspaceVisibility } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { Principal, WorkspaceAccess } from '../../http/access.js';
import type { ElementRef } from './access.js';
import { loadSessionWorkspaceAccess, loadWorkspaceAccess } from './standing.js';
import { grantElementRole, listElementRoles, revokeElementRole, type ElementRoleGrant } from './element-roles.js';
import { addWorkspaceMember, changeWorkspaceRole, listWorkspaceMembers, removeWorkspaceMember } from './members.js';
import { decidePublishRequest, listPublishRequests } from './publish.js';
import type {
  Actor,
  ElementRoleView,
  GrantPrincipal,
  PublicWorkspaceView,
  PublishRequestView,
  PublishStatus,
  VisibilityChangeResult,
  WorkspaceMemberView,
  WorkspaceView,
} from './types.js';
import { changeVisibility } from './visibility.js';
import {
  createWorkspace,
  deleteWorkspace,
  getPublicWorkspace,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
  type CreateWorkspaceInput,
  type WorkspaceChange,
} from './workspaces.js';

export interface WorkspacesService {
  /** The caller's standing in the workspace (null principal: anonymous), or null when it does not exist. */
  workspaceAccess(workspaceId: string, principal: Principal | null): Promise<WorkspaceAccess | null>;
  /**
   * A session token's principal together with its standing in the workspace (one read; the guard's path
   * for signed-in workspace requests). Throws what session authentication throws; workspace null: none.
   */
  sessionWorkspaceAccess(token: string, workspaceId: string): Promise<{ principal: Principal; workspace: WorkspaceAccess | null }>;
  /** The same with the caller's roles on one element, for element-level decisions (sync). */
  elementAccess(workspaceId: string, userId: string | null, element: ElementRef): Promise<WorkspaceAccess | null>;
  createWorkspace(actor: Actor, teamId: string, input: CreateWorkspaceInput): Promise<WorkspaceView>;
  listWorkspaces(actor: Actor, teamId: string): Promise<WorkspaceView[]>;
  getWorkspace(access: WorkspaceAccess): Promise<WorkspaceView>;
  getPublicWorkspace(access: WorkspaceAccess): Promise<PublicWorkspaceView>;
  updateWorkspace(actor: Actor, workspaceId: string, change: WorkspaceChange): Promise<WorkspaceView>;
  deleteWorkspace(actor: Actor, workspaceId: string): Promise<void>;
  changeVisibility(actor: Actor, workspaceId: string, visibility: WorkspaceVisibility): Promise<VisibilityChangeResult>;
  listMembers(access: WorkspaceAccess): Promise<WorkspaceMemberView[]>;
  addMember(actor: Actor, workspaceId: string, principal: GrantPrincipal, role: WorkspaceRole): Promise<WorkspaceMemberView[]>;
  changeMemberRole(actor: Actor, workspaceId: string, principal: GrantPrincipal, role: WorkspaceRole): Promise<WorkspaceMemberView[]>;
  removeMember(actor: Actor, workspaceId: string, principal: GrantPrincipal): Promise<void>;
  listElementRoles(access: WorkspaceAccess): Promise<ElementRoleView[]>;
  grantElementRole(actor: Actor, workspaceId: string, grant: ElementRoleGrant): Promise<ElementRoleView[]>;
  revokeElementRole(actor: Actor, workspaceId: string, element: ElementRef, principal: GrantPrincipal): Promise<void>;
  listPublishRequests(actor: Actor, teamId: string, status: PublishStatus | 'all'): Promise<PublishRequestView[]>;
  approvePublishRequest(actor: Actor, teamId: string, requestId: string, note: string | null): Promise<PublishRequestView>;
  denyPublishRequest(actor: Actor, teamId: string, requestId: string, note: string | null): Promise<PublishRequestView>;
}

export function createWorkspacesService(ctx: ServerContext): WorkspacesService {
  return {
    workspaceAccess: (workspaceId, principal) => loadWorkspaceAccess(ctx.db, workspaceId, principal?.userId ?? null),
    sessionWorkspaceAccess: (token, workspaceId) => loadSessionWorkspaceAccess(ctx, token, workspaceId),
    elementAccess: (workspaceId, userId, element) => loadWorkspaceAccess(ctx.db, workspaceId, userId, element),
    createWorkspace: (actor, teamId, input) => createWorkspace(ctx, actor, teamId, input),
    listWorkspaces: (actor, teamId) => listWorkspaces(ctx, actor, teamId),
    getWorkspace: (access) => getWorkspace(ctx, access),
    getPublicWorkspace: (access) => getPublicWorkspace(ctx, access),
    updateWorkspace: (actor, workspaceId, change) => updateWorkspace(ctx, actor, workspaceId, change),
    deleteWorkspace: (actor, workspaceId) => deleteWorkspace(ctx, actor, workspaceId),
    changeVisibility: (actor, workspaceId, visibility) => changeVisibility(ctx, actor, workspaceId, visibility),
    listMembers: (access) => listWorkspaceMembers(ctx, access),
    addMember: (actor, workspaceId, principal, role) => addWorkspaceMember(ctx, actor, workspaceId, principal, role),
    changeMemberRole: (actor, workspaceId, principal, role) => changeWorkspaceRole(ctx, actor, workspaceId, principal, role),
    removeMember: (actor, workspaceId, principal) => removeWorkspaceMember(ctx, actor, workspaceId, principal),
    listElementRoles: (access) => listElementRoles(ctx, access),
    grantElementRole: (actor, workspaceId, grant) => grantElementRole(ctx, actor, workspaceId, grant),
    revokeElementRole: (actor, workspaceId, element, principal) => revokeElementRole(ctx, actor, workspaceId, element, principal),
    listPublishRequests: (actor, teamId, status) => listPublishRequests(ctx, actor, teamId, status),
    approvePublishRequest: (actor, teamId, requestId, note) => decidePublishRequest(ctx, actor, teamId, requestId, 'approve', note),
    denyPublishRequest: (actor, teamId, requestId, note) => decidePublishRequest(ctx, actor, teamId, requestId, 'deny', note),
  };
}

export { elementRolesOf, type ElementRef } from './access.js';
export { loadWorkspaceAccess } from './standing.js';
export type { CreateWorkspaceInput, WorkspaceChange } from './workspaces.js';
export type { ElementRoleGrant } from './element-roles.js';
export {
  PRINCIPAL_TYPES,
  PUBLISH_STATUSES,
  type Actor,
  type ElementRoleView,
  type GrantPrincipal,
  type PrincipalType,
  type PublicWorkspaceView,
  type PublishRequestView,
  type PublishStatus,
  type VisibilityChangeResult,
  type WorkspaceMemberView,
  type WorkspaceView,
} from './types.js';
