import { describeProblem, policyValues, resolveEffectivePolicy, type EffectivePolicy, type PolicyDocument } from '../src/policy/index.js';

/** What managed policy decides for the app itself, beyond the settings the services enforce. */
export interface DesktopPolicy {
  readonly updates: {
    /** False when DisableAutoUpdate is set: the app must not check for or install updates. */
    readonly automatic: boolean;
    readonly channel: 'stable' | 'beta';
    /** An internal mirror to check instead of the default feed; null: the default. */
    readonly feedUrl: string | null;
  };
  /** Team ids users may sign in to: null any, [] none. */
  readonly allowedTeamIds: readonly string[] | null;
  /** Email domains users may sign in with: null any, [] none. */
  readonly allowedEmailDomains: readonly string[] | null;
  readonly teamServerUrl: string | null;
  /** One line per problem in the profiles, for the log: where, which key, what the app did. */
  readonly problems: readonly string[];
}

/**
 * The app-level keys of the effective policy (machine > user > defaults; security keys fail closed).
 * The services read the same documents for the keys they enforce (TLS floor, scripts, secrets).
 */
export function desktopPolicy(documents: readonly PolicyDocument[]): DesktopPolicy {
  const effective: EffectivePolicy = resolveEffectivePolicy(documents);
  const values = policyValues(effective);
  return {
    updates: { automatic: !values.DisableAutoUpdate, channel: values.UpdateChannel, feedUrl: values.UpdateUrl },
    allowedTeamIds: values.AllowedTeamIds,
    allowedEmailDomains: values.AllowedEmailDomains,
    teamServerUrl: values.TeamServerUrl,
    problems: effective.problems.map(describeProblem),
  };
}

/** May the user sign in to this team? */
export function isTeamAllowed(policy: Pick<DesktopPolicy, 'allowedTeamIds'>, teamId: string): boolean {
  return policy.allowedTeamIds === null || policy.allowedTeamIds.includes(teamId);
}

/** May the user sign in with this email address? Domains match exactly, case-insensitively. */
export function isEmailAllowed(policy: Pick<DesktopPolicy, 'allowedEmailDomains'>, email: string): boolean {
  if (policy.allowedEmailDomains === null) return true;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return false;
  const domain = email.slice(at + 1).toLowerCase();
  return policy.allowedEmailDomains.some((allowed) => allowed.toLowerCase() === domain);
}
