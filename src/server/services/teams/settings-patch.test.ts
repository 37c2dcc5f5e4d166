import { describe, expect, it } from 'vitest';
import { applySettingsPatch, settingsChanges, TeamSettingsPatchSchema } from './settings-patch.js';
import { DEFAULT_TEAM_SETTINGS } from './settings.js';

describe('team settings patches', () => {
  it('changes only the keys given, the API key policy included', () => {
    const after = applySettingsPatch(DEFAULT_TEAM_SETTINGS, { sessionMaxHours: 12, apiKeys: { membersMayCreate: false } });
    expect(after).toEqual({ ...DEFAULT_TEAM_SETTINGS, sessionMaxHours: 12, apiKeys: { membersMayCreate: false, inactivityExpiryDays: null } });
    expect(settingsChanges(DEFAULT_TEAM_SETTINGS, after)).toEqual({
      sessionMaxHours: { before: DEFAULT_TEAM_SETTINGS.sessionMaxHours, after: 12 },
      'apiKeys.membersMayCreate': { before: true, after: false },
    });
    expect(settingsChanges(after, after)).toEqual({});
  });

  it('keeps the bounds of the full schema and refuses unknown keys, naming the path', () => {
    const low = TeamSettingsPatchSchema.safeParse({ apiKeys: { inactivityExpiryDays: 0 } });
    expect(low.success).toBe(false);
    expect(low.error?.issues[0]?.path).toEqual(['apiKeys', 'inactivityExpiryDays']);
    const unknown = TeamSettingsPatchSchema.safeParse({ colour: 'blue' });
    expect(unknown.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(TeamSettingsPatchSchema.safeParse({ apiKeys: { inactivityExpiryDays: null } }).success).toBe(true);
    expect(TeamSettingsPatchSchema.safeParse({}).success).toBe(true);
  });
});
