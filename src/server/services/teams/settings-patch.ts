/**
 * Partial updates of team settings: the patch schema (every key optional, the API key policy too, same
 * bounds as TeamSettingsSchema), applying a patch, and the changed keys as before/after pairs for the audit log.
 */
import { z } from 'zod';
import { TeamSettingsSchema, type TeamSettings } from './settings.js';

const shape = TeamSettingsSchema.shape;

export const TeamSettingsPatchSchema = z.strictObject({
  allowedSignInMethods: shape.allowedSignInMethods.optional(),
  requireTwoFactor: shape.requireTwoFactor.optional(),
  sessionIdleMinutes: shape.sessionIdleMinutes.optional(),
  sessionMaxHours: shape.sessionMaxHours.optional(),
  apiKeys: z
    .strictObject({
      membersMayCreate: shape.apiKeys.shape.membersMayCreate.optional(),
      inactivityExpiryDays: shape.apiKeys.shape.inactivityExpiryDays.optional(),
    })
    .optional(),
});
export type TeamSettingsPatch = z.infer<typeof TeamSettingsPatchSchema>;

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function applySettingsPatch(current: TeamSettings, patch: TeamSettingsPatch): TeamSettings {
  const { apiKeys, ...top } = patch;
  return TeamSettingsSchema.parse({
    ...current,
    ...defined(top),
    apiKeys: { ...current.apiKeys, ...defined(apiKeys ?? {}) },
  });
}

export interface SettingChange {
  readonly before: unknown;
  readonly after: unknown;
}

/** Changed keys, flattened (`apiKeys.inactivityExpiryDays`), each with its value before and after. */
export function settingsChanges(before: TeamSettings, after: TeamSettings): Record<string, SettingChange> {
  const changes: Record<string, SettingChange> = {};
  const compare = (key: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = { before: a, after: b };
  };
  compare('allowedSignInMethods', before.allowedSignInMethods, after.allowedSignInMethods);
  compare('requireTwoFactor', before.requireTwoFactor, after.requireTwoFactor);
  compare('sessionIdleMinutes', before.sessionIdleMinutes, after.sessionIdleMinutes);
  compare('sessionMaxHours', before.sessionMaxHours, after.sessionMaxHours);
  compare('apiKeys.membersMayCreate', before.apiKeys.membersMayCreate, after.apiKeys.membersMayCreate);
  compare('apiKeys.inactivityExpiryDays', before.apiKeys.inactivityExpiryDays, after.apiKeys.inactivityExpiryDays);
  return changes;
}
