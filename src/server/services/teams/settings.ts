/**
 * Team settings admins expect: name lives on the team row; these live in its settings JSON. Accounts
 * (sign-in methods, 2FA, session length) and API keys (who may create them, inactivity expiry) read them.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/index.js';

export const SIGN_IN_METHODS = ['password', 'sso'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export const TeamSettingsSchema = z.strictObject({
  allowedSignInMethods: z.array(z.enum(SIGN_IN_METHODS)).min(1).max(SIGN_IN_METHODS.length).refine((v) => new Set(v).size === v.length, 'must not repeat a method'),
  /** Members without 2FA are asked to enrol at their next sign-in. */
  requireTwoFactor: z.boolean(),
  /** A session ends after this long without use. */
  sessionIdleMinutes: z.number().int().min(5).max(60 * 24 * 30),
  /** A session ends this long after sign-in, used or not. */
  sessionMaxHours: z.number().int().min(1).max(24 * 90),
  apiKeys: z.strictObject({
    /** When false only Admins and Super Admins create keys. */
    membersMayCreate: z.boolean(),
    /** Keys unused this long stop working; overrides each owner's own period. null = owners decide. */
    inactivityExpiryDays: z.number().int().min(1).max(3650).nullable(),
  }),
});
export type TeamSettings = z.infer<typeof TeamSettingsSchema>;

export const DEFAULT_TEAM_SETTINGS: TeamSettings = {
  allowedSignInMethods: ['password', 'sso'],
  requireTwoFactor: false,
  sessionIdleMinutes: 60 * 24 * 7,
  sessionMaxHours: 24 * 30,
  apiKeys: { membersMayCreate: true, inactivityExpiryDays: null },
};

/** Settings as stored; rows written by older versions get today's defaults for missing keys. */
export function parseTeamSettings(json: string): TeamSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const merged = { ...DEFAULT_TEAM_SETTINGS, ...(typeof raw === 'object' && raw !== null ? raw : {}) };
  const parsed = TeamSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_TEAM_SETTINGS;
}

export async function loadTeamSettings(db: Kysely<Database>, teamId: string): Promise<TeamSettings | null> {
  const row = await db.selectFrom('teams').select('settings').where('id', '=', teamId).executeTakeFirst();
  return row === undefined ? null : parseTeamSettings(row.settings);
}

/** The settings of every team the user belongs to (the strictest of them applies to their sign-in). */
export async function settingsOfUserTeams(db: Kysely<Database>, userId: string): Promise<{ teamId: string; settings: TeamSettings }[]> {
  const rows = await db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['teams.id as teamId', 'teams.settings as settings'])
    .where('team_members.user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ teamId: r.teamId, settings: parseTeamSettings(r.settings) }));
}
