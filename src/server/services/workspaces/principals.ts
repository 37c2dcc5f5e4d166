/**
 * Checks the holder of a workspace or element role before it is granted: a user must be a member of the
 * workspace's team; a group must be one of the team's groups, and the plan must have user groups.
 */
import { requireFeature, type Plan } from '../../authz/index.js';
import { ServerError } from '../../errors.js';
import { isMember, type Executor } from '../teams/access.js';
import type { GrantPrincipal } from './types.js';

export async function assertGrantable(db: Executor, teamId: string, plan: Plan, principal: GrantPrincipal): Promise<void> {
  if (principal.type === 'user') {
    if (!(await isMember(db, teamId, principal.id))) throw new ServerError('NOT_FOUND', `No member ${principal.id} in this team`, { field: 'id' });
    return;
  }
  requireFeature(plan, 'user_groups');
  const group = await db.selectFrom('groups').select('id').where('id', '=', principal.id).where('team_id', '=', teamId).executeTakeFirst();
  if (group === undefined) throw new ServerError('NOT_FOUND', `No group ${principal.id} in this team`, { field: 'id' });
}

export function describePrincipal(principal: GrantPrincipal): { type: string; id: string } {
  return { type: principal.type, id: principal.id };
}
