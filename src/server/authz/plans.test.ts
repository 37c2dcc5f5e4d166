import { describe, expect, it } from 'vitest';
import { ServerError } from '../errors.js';
import { FEATURE_IDS, PLANS, auditRetentionDays, isFeature, isPlan, lowestPlanFor, planAllows, requireFeature, type Feature, type Plan } from './plans.js';

/** The plan table of FEATURES.md, written out again by hand: feature → lowest plan with a ✓. */
const TABLE: Readonly<Record<Feature, Plan>> = {
  saml_sso: 'professional',
  scim: 'enterprise',
  domain_capture: 'enterprise',
  user_groups: 'enterprise',
  custom_roles: 'professional',
  super_admin_role: 'enterprise',
  audit_logs: 'professional',
  audit_log_api: 'professional',
  custom_token_alerts: 'enterprise',
  public_elements_management: 'enterprise',
  team_invites: 'free',
  enterprise_application: 'enterprise',
  secret_variables: 'free',
  api_key_expiry: 'free',
  two_factor: 'free',
  token_scanner: 'free',
  leaked_key_alerts: 'free',
  workspaces: 'free',
  private_workspaces: 'professional',
  request_tls_configuration: 'free',
};

describe('plans', () => {
  it('orders the plans from Free to Enterprise', () => {
    expect(PLANS).toEqual(['free', 'basic', 'professional', 'enterprise']);
  });

  it('has one feature id per row of the plan table, each with its lowest plan', () => {
    expect([...FEATURE_IDS].sort()).toEqual(Object.keys(TABLE).sort());
    for (const feature of FEATURE_IDS) expect(lowestPlanFor(feature), feature).toBe(TABLE[feature]);
  });

  it.each(FEATURE_IDS.flatMap((feature) => PLANS.map((plan) => ({ feature, plan }))))(
    'planAllows($plan, $feature) follows the table',
    ({ feature, plan }) => {
      expect(planAllows(plan, feature)).toBe(PLANS.indexOf(plan) >= PLANS.indexOf(TABLE[feature]));
    },
  );

  it('requireFeature names the feature, the plan needed and the current plan', () => {
    expect(() => requireFeature('enterprise', 'user_groups')).not.toThrow();
    let caught: unknown;
    try {
      requireFeature('free', 'user_groups');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ServerError);
    const error = caught as ServerError;
    expect(error.code).toBe('PLAN_REQUIRED');
    expect(error.status).toBe(402);
    expect(error.message).toBe('User groups need the Enterprise plan; this team is on Free');
    expect(error.extra.details).toEqual({ feature: 'user_groups', requiredPlan: 'enterprise', currentPlan: 'free' });
  });

  it('uses "needs" for a singular feature', () => {
    expect(() => requireFeature('basic', 'saml_sso')).toThrow('SAML single sign-on needs the Professional plan; this team is on Basic');
  });

  it('keeps audit entries 90 days, 180 on Enterprise', () => {
    expect(PLANS.map(auditRetentionDays)).toEqual([90, 90, 90, 180]);
  });

  it('recognises plan and feature names and nothing else', () => {
    expect(isPlan('basic')).toBe(true);
    expect(isPlan('Basic')).toBe(false);
    expect(isPlan(3)).toBe(false);
    expect(isFeature('scim')).toBe(true);
    expect(isFeature('toString')).toBe(false);
  });
});
