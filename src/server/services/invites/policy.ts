/**
 * Who may invite whom (FEATURES.md): members who manage invites (Admins, Super Admins) invite with the
 * roles they may grant; Developers invite Developers on the plans where authz allows
 * `invites.create_developer`; any other invite from a Developer becomes a request an Admin approves or
 * denies. Everyone else is refused. Every decision here is authz's (authorize, role-grant rules).
 */
import {
  activeRoles,
  assertAllowed,
  assertCanGrantRole,
  authorize,
  lowestPlanForRole,
  PLAN_LABELS,
  requireFeature,
  ROLE_LABELS,
  roleInPlan,
  type Subject,
  type TeamRole,
} from '../../authz/index.js';
import { ServerError } from '../../errors.js';

/** `direct`: the invite is mailed now; `request`: it waits for an Admin's approval. */
export type InviteMode = 'direct' | 'request';

export function inviteMode(subject: Subject, roles: readonly TeamRole[]): InviteMode {
  requireFeature(subject.plan, 'team_invites');
  if (authorize(subject, 'invites.manage').allowed) {
    for (const role of roles) assertCanGrantRole(subject, role);
    return 'direct';
  }
  const onlyDevelopers = roles.length > 0 && roles.every((role) => role === 'developer');
  if (onlyDevelopers && authorize(subject, 'invites.create_developer').allowed) return 'direct';
  if (activeRoles(subject.roles, subject.plan).has('developer')) {
    // The approver's grant rules decide at approval; a role the plan lacks can never be approved.
    for (const role of roles) assertRoleInPlan(subject, role);
    return 'request';
  }
  assertAllowed(subject, 'invites.create_developer');
  // Unreachable: a subject allowed to invite Developers is an Admin, a Super Admin or a Developer.
  throw new ServerError('FORBIDDEN', 'Inviting members needs the Admin or Developer role');
}

function assertRoleInPlan(subject: Subject, role: TeamRole): void {
  if (roleInPlan(role, subject.plan)) return;
  const requiredPlan = lowestPlanForRole(role);
  throw new ServerError('ROLE_NOT_IN_PLAN', `The ${ROLE_LABELS[role]} role needs the ${PLAN_LABELS[requiredPlan]} plan; this team is on ${PLAN_LABELS[subject.plan]}`, {
    field: 'roles',
    details: { role, requiredPlan, currentPlan: subject.plan },
  });
}
