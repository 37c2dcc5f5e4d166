/**
 * The exhaustive permission matrix: every team action × every role (alone and in a few combinations) ×
 * every plan, checked against expectations written by hand from FEATURES.md (the plan table and the team
 * roles table). Nothing here reads the module's own tables, so a wrong row there fails a case here.
 */
import { describe, expect, it } from 'vitest';
import { TEAM_ACTIONS, authorize, canGrantRole, canRevokeRole, type Plan, type TeamAction, type TeamRole } from './index.js';

const PLAN_ORDER: readonly Plan[] = ['free', 'basic', 'professional', 'enterprise'];
const ROLES: readonly TeamRole[] = ['super_admin', 'admin', 'billing', 'developer', 'community_manager', 'api_network_manager'];

const SHORT: Readonly<Record<string, TeamRole>> = {
  SA: 'super_admin',
  A: 'admin',
  B: 'billing',
  D: 'developer',
  CM: 'community_manager',
  ANM: 'api_network_manager',
};

/**
 * Per action, one cell per plan (Free, Basic, Professional, Enterprise):
 * - 'PLAN': the plan lacks the feature; everyone is refused with PLAN_REQUIRED,
 * - 'ALL': every member, whatever their roles (none included),
 * - otherwise the roles (short names above) that may do it there; everyone else gets FORBIDDEN.
 * Roles the plan does not have (Super Admin below Enterprise; Community Manager and API Network Manager
 * below Professional) never appear: they grant nothing there.
 */
type Cell = string;
const EXPECTED: Readonly<Record<TeamAction, readonly [Cell, Cell, Cell, Cell]>> = {
  'team.read': ['ALL', 'ALL', 'ALL', 'ALL'],
  'team.update_settings': ['A', 'A', 'A', 'SA A'],
  'team.rename': ['A', 'A', 'A', 'SA A'],
  'team.delete': ['A', 'A', 'A', 'SA A'],
  'team.change_plan': ['B', 'B', 'B', 'SA B'],
  'team.read_billing': ['B', 'B', 'B', 'SA B'],
  'members.list': ['ALL', 'ALL', 'ALL', 'ALL'],
  'members.add': ['A', 'A', 'A', 'SA A'],
  'members.remove': ['A', 'A', 'A', 'SA A'],
  'members.grant_role': ['A B', 'A B', 'A B', 'SA A B'],
  'members.revoke_role': ['A B', 'A B', 'A B', 'SA A B'],
  'sessions.revoke_member': ['A', 'A', 'A', 'SA A'],
  'groups.list': ['PLAN', 'PLAN', 'PLAN', 'ALL'],
  'groups.manage': ['PLAN', 'PLAN', 'PLAN', 'SA A'],
  'audit.read': ['PLAN', 'PLAN', 'A CM', 'SA A CM'],
  'audit.export': ['PLAN', 'PLAN', 'A CM', 'SA A CM'],
  'audit.api': ['PLAN', 'PLAN', 'A CM', 'SA A CM'],
  'api_keys.create_own': ['ALL', 'ALL', 'ALL', 'ALL'],
  'api_keys.list_team': ['A', 'A', 'A', 'SA A'],
  'api_keys.revoke_any': ['A', 'A', 'A', 'SA A'],
  'api_keys.set_policy': ['A', 'A', 'A', 'SA A'],
  'sso.manage': ['PLAN', 'PLAN', 'A', 'SA A'],
  'scim.manage': ['PLAN', 'PLAN', 'PLAN', 'SA A'],
  'domains.manage': ['PLAN', 'PLAN', 'PLAN', 'SA A'],
  'invites.manage': ['A', 'A', 'A', 'SA A'],
  'invite_links.manage': ['A', 'A', 'A', 'SA A'],
  'invites.create_developer': ['A D', 'A D', 'A D', 'SA A'],
  'public.approve_requests': ['PLAN', 'PLAN', 'CM', 'SA CM'],
  'public.manage_elements': ['PLAN', 'PLAN', 'PLAN', 'SA CM'],
  'collection_links.manage': ['PLAN', 'PLAN', 'PLAN', 'SA CM'],
  'token_alerts.manage': ['PLAN', 'PLAN', 'PLAN', 'SA CM'],
  'api_network.approve': ['PLAN', 'PLAN', 'ANM', 'SA ANM'],
  'enterprise_app.manage': ['PLAN', 'PLAN', 'PLAN', 'SA A'],
};

function cellRoles(cell: Cell): TeamRole[] {
  return cell.split(' ').map((short) => {
    const role = SHORT[short];
    if (role === undefined) throw new Error(`unknown role ${short} in the expectation table`);
    return role;
  });
}

/** The holders checked: each role alone, then combinations (empty, mixed, and dormant with active). */
const HOLDINGS: readonly (readonly TeamRole[])[] = [
  ...ROLES.map((role) => [role]),
  [],
  ['developer', 'billing'],
  ['admin', 'billing'],
  ['super_admin', 'developer'],
  ['community_manager', 'developer'],
  ['community_manager', 'api_network_manager'],
  [...ROLES],
];

type Outcome = { allowed: true } | { allowed: false; code: 'FORBIDDEN' | 'PLAN_REQUIRED'; requiredPlan?: Plan; requiredRoles?: TeamRole[] };

function expected(action: TeamAction, planIndex: number, held: readonly TeamRole[]): Outcome {
  const row = EXPECTED[action];
  const cell = row[planIndex] ?? 'missing';
  if (cell === 'PLAN') {
    const firstIndex = row.findIndex((c) => c !== 'PLAN');
    return { allowed: false, code: 'PLAN_REQUIRED', requiredPlan: PLAN_ORDER[firstIndex] ?? 'enterprise' };
  }
  if (cell === 'ALL') return { allowed: true };
  const allowedRoles = cellRoles(cell);
  if (held.some((role) => allowedRoles.includes(role))) return { allowed: true };
  return { allowed: false, code: 'FORBIDDEN', requiredRoles: allowedRoles };
}

function describeHolding(held: readonly TeamRole[]): string {
  return held.length === 0 ? '(no role)' : held.join('+');
}

function verdict(outcome: { allowed: true } | { allowed: false; code: string }): string {
  return outcome.allowed ? 'allowed' : `denied (${outcome.code})`;
}

const actionCases = TEAM_ACTIONS.flatMap((action) =>
  PLAN_ORDER.flatMap((plan, planIndex) =>
    HOLDINGS.map((held) => {
      const outcome = expected(action, planIndex, held);
      return { name: `${describeHolding(held)} on ${plan}: ${action} → ${verdict(outcome)}`, action, plan, held, outcome };
    }),
  ),
);

describe('authorize: action × role × plan', () => {
  it('the expectation table covers exactly the actions the module knows', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...TEAM_ACTIONS].sort());
  });

  for (const { name, action, plan, held, outcome } of actionCases) it(name, () => {
    const decision = authorize({ userId: 'u1', roles: new Set(held), plan }, action);
    expect(decision.allowed).toBe(outcome.allowed);
    if (decision.allowed || outcome.allowed) return;
    expect(decision.code).toBe(outcome.code);
    expect(decision.reason).toMatch(/^[A-Z].* needs the .+/);
    if (outcome.code === 'PLAN_REQUIRED') {
      expect(decision.requiredPlan).toBe(outcome.requiredPlan);
    } else {
      expect([...(decision.requiredRoles ?? [])].sort()).toEqual([...(outcome.requiredRoles ?? [])].sort());
    }
  });
});

/**
 * Who may grant (and revoke) each role, per plan, from FEATURES.md and issue 6: Super Admin only by a
 * Super Admin; Billing only by a Super Admin or a Billing user; every other role by an Admin or Super
 * Admin. 'NOT_IN_PLAN': the role does not exist on that plan, so nobody may grant it.
 */
const GRANTERS: Readonly<Record<Plan, Readonly<Record<TeamRole, Cell>>>> = {
  free: { super_admin: 'NOT_IN_PLAN', admin: 'A', billing: 'B', developer: 'A', community_manager: 'NOT_IN_PLAN', api_network_manager: 'NOT_IN_PLAN' },
  basic: { super_admin: 'NOT_IN_PLAN', admin: 'A', billing: 'B', developer: 'A', community_manager: 'NOT_IN_PLAN', api_network_manager: 'NOT_IN_PLAN' },
  professional: { super_admin: 'NOT_IN_PLAN', admin: 'A', billing: 'B', developer: 'A', community_manager: 'A', api_network_manager: 'A' },
  enterprise: { super_admin: 'SA', admin: 'SA A', billing: 'SA B', developer: 'SA A', community_manager: 'SA A', api_network_manager: 'SA A' },
};

/** The plan each role first exists on, for the ROLE_NOT_IN_PLAN answers. */
const ROLE_FIRST_PLAN: Readonly<Record<TeamRole, Plan>> = {
  super_admin: 'enterprise',
  admin: 'free',
  billing: 'free',
  developer: 'free',
  community_manager: 'professional',
  api_network_manager: 'professional',
};

type GrantOutcome = { allowed: true } | { allowed: false; code: 'FORBIDDEN' | 'ROLE_NOT_IN_PLAN'; requiredPlan?: Plan; requiredRoles?: TeamRole[] };

function expectedGrant(plan: Plan, role: TeamRole, held: readonly TeamRole[]): GrantOutcome {
  const cell = GRANTERS[plan][role];
  if (cell === 'NOT_IN_PLAN') return { allowed: false, code: 'ROLE_NOT_IN_PLAN', requiredPlan: ROLE_FIRST_PLAN[role] };
  const granters = cellRoles(cell);
  if (held.some((r) => granters.includes(r))) return { allowed: true };
  return { allowed: false, code: 'FORBIDDEN', requiredRoles: granters };
}

const grantCases = (['grant', 'revoke'] as const).flatMap((verb) =>
  PLAN_ORDER.flatMap((plan) =>
    ROLES.flatMap((role) =>
      HOLDINGS.map((held) => {
        const outcome = expectedGrant(plan, role, held);
        return { name: `${describeHolding(held)} on ${plan}: ${verb} ${role} → ${verdict(outcome)}`, verb, plan, role, held, outcome };
      }),
    ),
  ),
);

describe('role grants: granter × role × plan', () => {
  for (const { name, verb, plan, role, held, outcome } of grantCases) it(name, () => {
    const granter = { userId: 'u1', roles: new Set(held), plan };
    const decision = verb === 'grant' ? canGrantRole(granter, role) : canRevokeRole(granter, role);
    expect(decision.allowed).toBe(outcome.allowed);
    if (decision.allowed || outcome.allowed) return;
    expect(decision.code).toBe(outcome.code);
    if (outcome.code === 'ROLE_NOT_IN_PLAN') {
      expect(decision.requiredPlan).toBe(outcome.requiredPlan);
    } else {
      expect([...(decision.requiredRoles ?? [])].sort()).toEqual([...(outcome.requiredRoles ?? [])].sort());
    }
  });
});
