/** What the workspaces service takes and answers: principals of grants, and views of workspaces and grants. */
import type { ElementRole, ElementType, WorkspaceAction, WorkspaceRole, WorkspaceVisibility } from '../../authz/index.js';

export type { Actor } from '../teams/index.js';

export const PRINCIPAL_TYPES = ['user', 'group'] as const;
/** Who a workspace or element role is granted to. */
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

export interface GrantPrincipal {
  readonly type: PrincipalType;
  readonly id: string;
}

export const PUBLISH_STATUSES = ['pending', 'approved', 'denied', 'cancelled'] as const;
export type PublishStatus = (typeof PUBLISH_STATUSES)[number];

export interface PublishRequestView {
  readonly id: string;
  readonly workspaceId: string;
  readonly workspaceName: string;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly fromVisibility: WorkspaceVisibility;
  readonly status: PublishStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly note: string | null;
}

export interface WorkspaceView {
  readonly id: string;
  readonly teamId: string;
  readonly name: string;
  readonly description: string;
  readonly visibility: WorkspaceVisibility;
  readonly ownerId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The caller's effective workspace roles (direct and through groups). */
  readonly roles: WorkspaceRole[];
  /** What the caller may do here, from authz (for the apps' menus). */
  readonly actions: WorkspaceAction[];
  readonly pendingPublishRequest: PublishRequestView | null;
}

/** What anyone, signed in or not, sees of a public workspace. */
export interface PublicWorkspaceView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly visibility: 'public';
  readonly updatedAt: number;
}

export interface WorkspaceMemberView {
  readonly type: PrincipalType;
  readonly id: string;
  /** The user's or group's name. */
  readonly name: string;
  /** Users only. */
  readonly email: string | null;
  readonly role: WorkspaceRole;
  readonly grantedBy: string | null;
  readonly grantedAt: number;
}

export interface ElementRoleView {
  readonly elementType: ElementType;
  readonly elementId: string;
  readonly type: PrincipalType;
  readonly id: string;
  readonly role: ElementRole;
  readonly grantedBy: string | null;
  readonly grantedAt: number;
}

export interface VisibilityChangeResult {
  readonly workspace: WorkspaceView;
  /** Set when the change became a request for a Community Manager to approve; the visibility is unchanged. */
  readonly publishRequest: PublishRequestView | null;
}
