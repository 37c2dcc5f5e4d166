/**
 * Element roles in sync: the caller's roles on the elements of one workspace, loaded in ONE query (direct
 * grants and grants to their groups, groups only where the plan has them), and the per-element decision
 * authz makes with them. When no element role could change a decision (anonymous readers, workspace
 * Admins, today's `element.view` table), the query is skipped altogether.
 */
import {
  authorizeWorkspace,
  isElementRole,
  planAllows,
  type ElementRole,
  type WorkspaceAction,
  type WorkspaceDecision,
} from '../../authz/index.js';
import { prepareQuery } from '../../db/index.js';
import type { WorkspaceAccess } from '../../http/access.js';
import type { Executor } from '../teams/access.js';
import type { SyncElementType } from './types.js';

/** Roles by `type/id`; elements without any are absent. */
export type ElementRoleMap = ReadonlyMap<string, ReadonlySet<ElementRole>>;

const NO_ROLES: ElementRoleMap = new Map();
const NO_ELEMENT_ROLES: ReadonlySet<ElementRole> = new Set();

export function roleKey(type: string, id: string): string {
  return `${type}/${id}`;
}

const ROLE_SETS: readonly ReadonlySet<ElementRole>[] = [new Set(), new Set(['viewer']), new Set(['editor']), new Set(['viewer', 'editor'])];

/** Whether some element role could turn `action` from allowed to refused or back for this caller. */
export function elementRolesMatter(access: WorkspaceAccess, actions: readonly WorkspaceAction[]): boolean {
  const { subject, workspace } = access;
  if (subject.userId === null || !subject.teamMember) return false;
  return actions.some((action) => {
    const answers = new Set(ROLE_SETS.map((elementRoles) => authorizeWorkspace({ ...subject, elementRoles }, workspace, action).allowed));
    return answers.size > 1;
  });
}

interface ElementRoleParams {
  readonly workspaceId: string;
  readonly teamId: string;
  readonly userId: string;
  readonly ids: readonly string[];
}

/** The four shapes of the query (with or without group grants, all elements or `ids`), each prepared once. */
function elementRolesQuery(groups: boolean, onlyIds: boolean) {
  return prepareQuery((db, p: ElementRoleParams) => {
    const query = db
      .selectFrom('element_roles')
      .select(['element_type', 'element_id', 'role'])
      .where('workspace_id', '=', p.workspaceId)
      .where((eb) =>
        eb.or([
          eb.and([eb('principal_type', '=', 'user'), eb('principal_id', '=', p.userId)]),
          ...(groups
            ? [
                eb.and([
                  eb('principal_type', '=', 'group'),
                  eb(
                    'principal_id',
                    'in',
                    eb
                      .selectFrom('group_members')
                      .innerJoin('groups', 'groups.id', 'group_members.group_id')
                      .select('groups.id')
                      .where('group_members.user_id', '=', p.userId)
                      .where('groups.team_id', '=', p.teamId),
                  ),
                ]),
              ]
            : []),
        ]),
      );
    return onlyIds ? query.where('element_id', 'in', p.ids) : query;
  });
}
const ELEMENT_ROLE_QUERIES = {
  direct: { all: elementRolesQuery(false, false), ids: elementRolesQuery(false, true) },
  groups: { all: elementRolesQuery(true, false), ids: elementRolesQuery(true, true) },
};

/**
 * The caller's element roles in the workspace, optionally only for `ids`. Empty (and no query) when the
 * decisions on `actions` cannot depend on them.
 */
export async function loadElementRoles(db: Executor, access: WorkspaceAccess, actions: readonly WorkspaceAction[], ids?: readonly string[]): Promise<ElementRoleMap> {
  const userId = access.subject.userId;
  if (userId === null || access.elementRolesHeld === false || !elementRolesMatter(access, actions) || ids?.length === 0) return NO_ROLES;
  const queries = planAllows(access.subject.plan, 'user_groups') ? ELEMENT_ROLE_QUERIES.groups : ELEMENT_ROLE_QUERIES.direct;
  const params = { workspaceId: access.workspace.id, teamId: access.workspace.teamId, userId, ids: ids ?? [] };
  const rows = await (ids === undefined ? queries.all : queries.ids).execute(db, params);
  const map = new Map<string, Set<ElementRole>>();
  for (const row of rows) {
    if (!isElementRole(row.role)) continue;
    const key = roleKey(row.element_type, row.element_id);
    const roles = map.get(key) ?? new Set<ElementRole>();
    roles.add(row.role);
    map.set(key, roles);
  }
  return map;
}

/** authz's answer for `action` on one element, its element roles refining the workspace role (globals have none). */
export function authorizeOnElement(access: WorkspaceAccess, roles: ElementRoleMap, type: SyncElementType, id: string, action: WorkspaceAction): WorkspaceDecision {
  // Always set: the access may carry the roles of another element (an empty set refines nothing).
  const elementRoles = (type === 'globals' ? undefined : roles.get(roleKey(type, id))) ?? NO_ELEMENT_ROLES;
  return authorizeWorkspace({ ...access.subject, elementRoles }, access.workspace, action);
}
