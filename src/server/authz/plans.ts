/**
 * Plans and the features each one unlocks: the plan table of FEATURES.md as data. Every feature row is a
 * feature id mapped to the lowest plan that has it; plans are ordered, so a plan has a feature when it is
 * at or above that plan.
 */
import { ServerError } from '../errors.js';

export const PLANS = ['free', 'basic', 'professional', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export const PLAN_LABELS: Readonly<Record<Plan, string>> = {
  free: 'Free',
  basic: 'Basic',
  professional: 'Professional',
  enterprise: 'Enterprise',
};

interface FeatureRow {
  /** The lowest plan that has the feature. */
  readonly plan: Plan;
  /** The name used in messages ("User groups need the Enterprise plan"). */
  readonly label: string;
  /** Whether the label takes "need" rather than "needs". */
  readonly plural: boolean;
}

/** One row per line of the plan table in FEATURES.md. */
export const FEATURES = {
  saml_sso: { plan: 'professional', label: 'SAML single sign-on', plural: false },
  scim: { plan: 'enterprise', label: 'SCIM user provisioning', plural: false },
  domain_capture: { plan: 'enterprise', label: 'Domain capture', plural: false },
  user_groups: { plan: 'enterprise', label: 'User groups', plural: true },
  custom_roles: { plan: 'professional', label: 'Roles beyond the defaults', plural: true },
  super_admin_role: { plan: 'enterprise', label: 'The Super Admin role', plural: false },
  audit_logs: { plan: 'professional', label: 'Audit logs', plural: true },
  audit_log_api: { plan: 'professional', label: 'The audit log API', plural: false },
  custom_token_alerts: { plan: 'enterprise', label: 'Token scanning with custom alerts', plural: false },
  public_elements_management: { plan: 'enterprise', label: 'Public elements management', plural: false },
  team_invites: { plan: 'free', label: 'Team invites', plural: true },
  enterprise_application: { plan: 'enterprise', label: 'Enterprise application management', plural: false },
  secret_variables: { plan: 'free', label: 'Secret variables', plural: true },
  api_key_expiry: { plan: 'free', label: 'API key expiry', plural: false },
  two_factor: { plan: 'free', label: 'Two-factor authentication', plural: false },
  token_scanner: { plan: 'free', label: 'The token scanner', plural: false },
  leaked_key_alerts: { plan: 'free', label: 'Leaked API key alerts', plural: true },
  workspaces: { plan: 'free', label: 'Workspaces', plural: true },
  private_workspaces: { plan: 'professional', label: 'Private workspaces', plural: true },
  request_tls_configuration: { plan: 'free', label: 'Request TLS configuration', plural: false },
} as const satisfies Record<string, FeatureRow>;

export type Feature = keyof typeof FEATURES;
export const FEATURE_IDS = Object.keys(FEATURES) as readonly Feature[];

export function isPlan(value: unknown): value is Plan {
  return typeof value === 'string' && (PLANS as readonly string[]).includes(value);
}

export function isFeature(value: unknown): value is Feature {
  return typeof value === 'string' && Object.hasOwn(FEATURES, value);
}

/** Position of a plan in the upgrade order (free = 0). */
export function planRank(plan: Plan): number {
  return PLANS.indexOf(plan);
}

/** Whether `plan` is `atLeast` or above it. */
export function planAtLeast(plan: Plan, atLeast: Plan): boolean {
  return planRank(plan) >= planRank(atLeast);
}

export function lowestPlanFor(feature: Feature): Plan {
  return FEATURES[feature].plan;
}

export function planAllows(plan: Plan, feature: Feature): boolean {
  return planAtLeast(plan, lowestPlanFor(feature));
}

/** "User groups need the Enterprise plan; this team is on Free". */
export function planRequiredMessage(plan: Plan, feature: Feature): string {
  const row: FeatureRow = FEATURES[feature];
  return `${row.label} ${row.plural ? 'need' : 'needs'} the ${PLAN_LABELS[row.plan]} plan; this team is on ${PLAN_LABELS[plan]}`;
}

export function requireFeature(plan: Plan, feature: Feature): void {
  if (planAllows(plan, feature)) return;
  throw new ServerError('PLAN_REQUIRED', planRequiredMessage(plan, feature), {
    details: { feature, requiredPlan: lowestPlanFor(feature), currentPlan: plan },
  });
}

const AUDIT_RETENTION_DAYS: Readonly<Record<Plan, number>> = {
  free: 90,
  basic: 90,
  professional: 90,
  enterprise: 180,
};

/**
 * How long audit entries are kept before the prune job removes them. Entries are written on every plan
 * (so the chain has no gaps and an upgrade shows recent history), but only readable with `audit_logs`;
 * the plan table promises 90 days on Professional and 180 on Enterprise, and the lower plans keep the
 * same 90 days as Professional so nothing they wrote is lost before they could upgrade.
 */
export function auditRetentionDays(plan: Plan): number {
  return AUDIT_RETENTION_DAYS[plan];
}
