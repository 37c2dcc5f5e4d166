/**
 * What the user's teams demand of a sign-in: the strictest of their settings applies. A user in no team
 * gets the defaults.
 */
import { DEFAULT_TEAM_SETTINGS, settingsOfUserTeams, type SignInMethod } from '../teams/settings.js';
import type { Executor } from './user-audit.js';

export interface SignInPolicy {
  readonly idleTimeoutMs: number;
  readonly maxAgeMs: number;
  /** Some team requires 2FA of every member. */
  readonly requireTwoFactor: boolean;
  /** Teams whose allowed sign-in methods leave this one out. */
  readonly refusingTeams: (method: SignInMethod) => readonly string[];
}

export async function signInPolicy(db: Executor, userId: string): Promise<SignInPolicy> {
  const teams = await settingsOfUserTeams(db, userId);
  let idleMinutes = DEFAULT_TEAM_SETTINGS.sessionIdleMinutes;
  let maxHours = DEFAULT_TEAM_SETTINGS.sessionMaxHours;
  if (teams.length > 0) {
    idleMinutes = Math.min(...teams.map((t) => t.settings.sessionIdleMinutes));
    maxHours = Math.min(...teams.map((t) => t.settings.sessionMaxHours));
  }
  return {
    idleTimeoutMs: idleMinutes * 60_000,
    maxAgeMs: maxHours * 3_600_000,
    requireTwoFactor: teams.some((t) => t.settings.requireTwoFactor),
    refusingTeams: (method) => teams.filter((t) => !t.settings.allowedSignInMethods.includes(method)).map((t) => t.teamId),
  };
}
