/**
 * Element roles: Editor or Viewer on one collection or environment, for a user or a group, refining the
 * workspace role for that element (authz decides how). Elements themselves arrive with sync; grants name
 * them by (type, id) so they can be made before or after the element.
 */
import { isElementRole, type ElementRole, type ElementType } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { ServerError } from '../../errors.js';
import type { WorkspaceAccess } from '../../http/access.js';
import type { ElementRef, Executor } from './access.js';
import { assertGrantable } from './principals.js';
import { runWorkspaceChange } from './scope.js';
import type { Actor, ElementRoleView, GrantPrincipal } from './types.js';

export async function loadElementRoles(db: Executor, workspaceId: string): Promise<ElementRoleView[]> {
  const rows = await db
    .selectFrom('element_roles')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('element_type')
    .orderBy('element_id')
    .orderBy('principal_type')
    .orderBy('principal_id')
    .execute();
  const views: ElementRoleView[] = [];
  for (const row of rows) {
    if (!isElementRole(row.role) || (row.element_type !== 'collection' && row.element_type !== 'environment')) continue;
    if (row.principal_type !== 'user' && row.principal_type !== 'group') continue;
    views.push({
      elementType: row.element_type,
      elementId: row.element_id,
      type: row.principal_type,
      id: row.principal_id,
      role: row.role,
      grantedBy: row.granted_by,
      grantedAt: row.granted_at,
    });
  }
  return views;
}

export function listElementRoles(ctx: ServerContext, access: WorkspaceAccess): Promise<ElementRoleView[]> {
  return loadElementRoles(ctx.db, access.workspace.id);
}

export interface ElementRoleGrant {
  readonly element: { readonly type: ElementType; readonly id: string };
  readonly principal: GrantPrincipal;
  readonly role: ElementRole;
}

function whereGrant(workspaceId: string, element: ElementRef, principal: GrantPrincipal) {
  return { workspace_id: workspaceId, element_type: element.type, element_id: element.id, principal_type: principal.type, principal_id: principal.id };
}

/** Grants (or changes) the role; granting the role already held changes nothing and writes no entry. */
export function grantElementRole(ctx: ServerContext, actor: Actor, workspaceId: string, grant: ElementRoleGrant): Promise<ElementRoleView[]> {
  return runWorkspaceChange(ctx, actor, workspaceId, 'element.manage_roles', async ({ trx, workspace, access, now, audit }) => {
    await assertGrantable(trx, workspace.team_id, access.subject.plan, grant.principal);
    const key = whereGrant(workspaceId, grant.element, grant.principal);
    const existing = await trx
      .selectFrom('element_roles')
      .select('role')
      .where('workspace_id', '=', key.workspace_id)
      .where('element_type', '=', key.element_type)
      .where('element_id', '=', key.element_id)
      .where('principal_type', '=', key.principal_type)
      .where('principal_id', '=', key.principal_id)
      .executeTakeFirst();
    if (existing?.role === grant.role) return loadElementRoles(trx, workspaceId);
    if (existing === undefined) {
      await trx.insertInto('element_roles').values({ ...key, role: grant.role, granted_by: actor.userId, granted_at: now }).execute();
    } else {
      await trx
        .updateTable('element_roles')
        .set({ role: grant.role, granted_by: actor.userId, granted_at: now })
        .where('workspace_id', '=', key.workspace_id)
        .where('element_type', '=', key.element_type)
        .where('element_id', '=', key.element_id)
        .where('principal_type', '=', key.principal_type)
        .where('principal_id', '=', key.principal_id)
        .execute();
    }
    await audit({
      action: 'element.role_grant',
      target: { type: grant.principal.type, id: grant.principal.id },
      details: { workspaceId, elementType: grant.element.type, elementId: grant.element.id, role: grant.role, ...(existing !== undefined ? { before: existing.role } : {}) },
    });
    return loadElementRoles(trx, workspaceId);
  });
}

export function revokeElementRole(ctx: ServerContext, actor: Actor, workspaceId: string, element: ElementRef, principal: GrantPrincipal): Promise<void> {
  return runWorkspaceChange(ctx, actor, workspaceId, 'element.manage_roles', async ({ trx, audit }) => {
    const key = whereGrant(workspaceId, element, principal);
    const removed = await trx
      .deleteFrom('element_roles')
      .where('workspace_id', '=', key.workspace_id)
      .where('element_type', '=', key.element_type)
      .where('element_id', '=', key.element_id)
      .where('principal_type', '=', key.principal_type)
      .where('principal_id', '=', key.principal_id)
      .returning('role')
      .execute();
    const role = removed[0]?.role;
    if (role === undefined) throw new ServerError('NOT_FOUND', `The ${principal.type} ${principal.id} holds no role on ${element.type} ${element.id}`, { field: 'id' });
    await audit({
      action: 'element.role_revoke',
      target: { type: principal.type, id: principal.id },
      details: { workspaceId, elementType: element.type, elementId: element.id, role },
    });
  });
}
