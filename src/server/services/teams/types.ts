/** What the teams service takes and answers: the acting user, and views of teams, members and groups. */
import type { Plan, TeamRole } from '../../authz/index.js';
import type { RequestMeta } from '../../http/access.js';
import type { TeamSettings } from './settings.js';

/** Who asks for a change: recorded as the audit entry's actor, with the request's IP and user agent. */
export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly meta: RequestMeta | null;
}

export interface TeamView {
  readonly id: string;
  readonly name: string;
  readonly plan: Plan;
  readonly settings: TeamSettings;
  readonly createdAt: number;
  /** The caller's effective roles (direct and through groups) that the plan includes. */
  readonly roles: TeamRole[];
  readonly memberCount: number;
  /** Members who take a paid seat (those holding a role other than Admin or Billing, or none). */
  readonly seats: number;
}

export interface MemberGroupView {
  readonly id: string;
  readonly name: string;
  readonly roles: TeamRole[];
}

export interface MemberView {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly joinedAt: number;
  /** Roles held directly, dormant ones (outside the plan) included. */
  readonly roles: TeamRole[];
  /** The user groups the member is in, with the roles each gives. */
  readonly groups: MemberGroupView[];
  /** What the member can actually use: direct ∪ group roles (groups only on a plan with them), minus dormant roles. */
  readonly effectiveRoles: TeamRole[];
  readonly takesSeat: boolean;
}

export interface GroupMemberView {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly addedAt: number;
}

export interface GroupView {
  readonly id: string;
  readonly name: string;
  readonly roles: TeamRole[];
  readonly createdAt: number;
  readonly members: GroupMemberView[];
}
