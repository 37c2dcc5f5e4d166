import type { z } from 'zod';
import type { SettingFieldSchema, SettingsPatchSchema, SettingsViewSchema } from '../api/ops-settings.js';
import { PosternError, type Settings } from '../model/index.js';
import { policyValue } from '../policy/index.js';
import type { ServiceContext } from './context.js';
import { DEFAULT_SETTINGS, effectiveSettings, sameValue, valueAt, type EffectiveSettings } from './effective-settings.js';
import type { GroupHandlers } from './handlers.js';

type SettingsView = z.output<typeof SettingsViewSchema>;
type SettingField = z.output<typeof SettingFieldSchema>;
type SettingsPatch = z.output<typeof SettingsPatchSchema>;

/** Optional leaves, listed even when unset so the UI can show every setting. */
const OPTIONAL_LEAVES = ['proxy.url', 'proxy.username', 'sslKeyLogFile'] as const;

function settingsView(settings: Settings): SettingsView {
  const { clientCertificates: _certificates, proxy, ...rest } = settings;
  const { password, ...proxyRest } = proxy;
  return { ...rest, proxy: { ...proxyRest, password: { secret: true, set: password !== undefined && password !== '' } } };
}

function leafKeys(view: SettingsView): string[] {
  const keys = new Set<string>();
  for (const [group, value] of Object.entries(view)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const leaf of Object.keys(value)) keys.add(`${group}.${leaf}`);
    else keys.add(group);
  }
  for (const key of OPTIONAL_LEAVES) keys.add(key);
  return [...keys];
}

function fields(state: EffectiveSettings, view: SettingsView): SettingField[] {
  return leafKeys(view).map((key): SettingField => {
    const raw = valueAt(view, key);
    const value = (raw === undefined ? null : raw) as SettingField['value'];
    const lock = state.locks.get(key);
    if (lock) {
      return { key, value, locked: true, source: lock.entry.source, ...(lock.entry.origin === undefined ? {} : { origin: lock.entry.origin }) };
    }
    const isDefault = key === 'proxy.password' ? state.user.proxy.password === undefined : sameValue(valueAt(state.user, key), valueAt(DEFAULT_SETTINGS, key));
    return { key, value, locked: false, source: isDefault ? 'default' : 'user-setting' };
  });
}

function output(ctx: ServiceContext): { settings: SettingsView; fields: SettingField[] } {
  const state = effectiveSettings(ctx);
  const view = settingsView(state.effective);
  return { settings: view, fields: fields(state, view) };
}

function refuse(key: string, why: string): PosternError {
  return new PosternError('POLICY_LOCKED', `settings: ${key} is managed by your organisation (${why}); it cannot be changed here`, { path: `input.patch.${key}` });
}

/** Refuse a patch that changes what policy fixes, or selects a cipher policy bars. */
function checkAgainstPolicy(state: EffectiveSettings, patch: SettingsPatch): void {
  for (const lock of state.locks.values()) {
    const group = lock.key.split('.')[0] ?? '';
    if (!(group in patch) || patch[group as keyof SettingsPatch] === undefined) continue;
    if (!sameValue(valueAt(patch, lock.key), lock.value)) {
      throw refuse(lock.key, `policy ${lock.entry.key}${lock.entry.origin ? ` in ${lock.entry.origin}` : ''}`);
    }
  }
  const barred = policyValue(state.policy, 'DisallowedCiphers');
  if (patch.tls && Array.isArray(barred) && barred.length > 0) {
    const upper = new Set(barred.map((c) => String(c).toUpperCase()));
    const hit = patch.tls.cipherSelection.find((c) => upper.has(c.toUpperCase()));
    if (hit !== undefined) throw refuse('tls.cipherSelection', `policy DisallowedCiphers bars ${hit}`);
  }
}

/** The user's settings after the patch; locked values keep what the user had, so lifting a policy restores them. */
function merged(state: EffectiveSettings, patch: SettingsPatch): Settings {
  const { proxy, ...groups } = patch;
  let next: Settings = { ...state.user, ...(Object.fromEntries(Object.entries(groups).filter(([, v]) => v !== undefined)) as Partial<Settings>) };
  if (proxy) {
    const { password, ...rest } = proxy;
    const kept = typeof password === 'object' ? state.user.proxy.password : password;
    next = { ...next, proxy: { ...rest, ...(kept === undefined ? {} : { password: kept }) } };
  }
  for (const lock of state.locks.values()) {
    const [group, leaf] = lock.key.split('.') as [keyof Settings, string];
    const before = valueAt(state.user, lock.key);
    next = { ...next, [group]: { ...(next[group] as object), [leaf]: before } };
  }
  return { ...next, clientCertificates: state.user.clientCertificates };
}

/** `settings.*`: the effective settings with their sources; saves that touch a locked value are refused. */
export const settingsHandlers: GroupHandlers<'settings'> = {
  'settings.get': async (ctx) => output(ctx),
  'settings.save': async (ctx, input) => {
    const state = effectiveSettings(ctx);
    checkAgainstPolicy(state, input.patch);
    ctx.store.settings.save(merged(state, input.patch));
    return output(ctx);
  },
};
