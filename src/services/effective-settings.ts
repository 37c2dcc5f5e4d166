import { TLS_PROTOCOLS, defaultSettings, type ClientCertificate, type Settings } from '../model/index.js';
import { resolveEffectivePolicy, userValuesFromSettings, type EffectiveEntry, type EffectivePolicy } from '../policy/index.js';
import type { ServiceContext } from './context.js';

/** A setting that policy fixes: its dotted key, the value policy makes it, and the policy entry. */
export interface SettingLock {
  readonly key: string;
  readonly value: unknown;
  readonly entry: EffectiveEntry;
}

/** The settings as the user saved them, the policy over them, and the result requests use. */
export interface EffectiveSettings {
  readonly user: Settings;
  readonly policy: EffectivePolicy;
  /** User settings with locked values applied; policy's client certificates first. */
  readonly effective: Settings;
  readonly locks: ReadonlyMap<string, SettingLock>;
  /** Client certificates that policy deploys. */
  readonly policyCertificates: readonly ClientCertificate[];
}

function lockedEntry(policy: EffectivePolicy, key: string): EffectiveEntry | undefined {
  const entry = policy.entries.find((e) => e.key === key);
  return entry?.locked ? entry : undefined;
}

/**
 * Which settings policy fixes, and to what. Only keys that pin a setting lock it; keys that restrict
 * (barred ciphers, extra CAs) are enforced at send time by the policy floor and at save time.
 */
function settingLocks(policy: EffectivePolicy, user: Settings): Map<string, SettingLock> {
  const locks = new Map<string, SettingLock>();
  const lock = (key: string, value: unknown, entry: EffectiveEntry): void => void locks.set(key, { key, value, entry });
  const force = lockedEntry(policy, 'ForceSslVerification');
  if (force && force.value === true) lock('tls.strictSSL', true, force);
  const minimum = lockedEntry(policy, 'MinimumTlsVersion');
  if (minimum && typeof minimum.value === 'string') {
    const floor = TLS_PROTOCOLS.indexOf(minimum.value as (typeof TLS_PROTOCOLS)[number]);
    lock('tls.disabledProtocols', TLS_PROTOCOLS.filter((p, i) => i < floor || user.tls.disabledProtocols.includes(p)), minimum);
  }
  const proxy = lockedEntry(policy, 'ProxyUrl');
  if (proxy && typeof proxy.value === 'string') {
    lock('proxy.enabled', true, proxy);
    lock('proxy.url', proxy.value, proxy);
  }
  const bypass = lockedEntry(policy, 'ProxyBypass');
  if (bypass && Array.isArray(bypass.value)) lock('proxy.bypass', bypass.value, bypass);
  return locks;
}

function policyCertificates(policy: EffectivePolicy): ClientCertificate[] {
  const entry = lockedEntry(policy, 'ClientCertificates');
  if (!entry || !Array.isArray(entry.value)) return [];
  return (entry.value as ReadonlyArray<Omit<ClientCertificate, 'enabled'>>).map((c) => ({ ...c, enabled: true }));
}

/** Set `group.leaf` on a copy of the settings. */
function withValue(settings: Settings, key: string, value: unknown): Settings {
  const [group, leaf] = key.split('.') as [keyof Settings, string | undefined];
  if (leaf === undefined) return { ...settings, [group]: value };
  return { ...settings, [group]: { ...(settings[group] as object), [leaf]: value } };
}

/** User settings ⊕ managed policy, read fresh (the user layer changes with every save). */
export function effectiveSettings(ctx: ServiceContext): EffectiveSettings {
  const user = ctx.store.settings.get();
  const policy = resolveEffectivePolicy(ctx.policyDocuments, userValuesFromSettings(user));
  const locks = settingLocks(policy, user);
  let effective = user;
  for (const lock of locks.values()) effective = withValue(effective, lock.key, lock.value);
  const deployed = policyCertificates(policy);
  effective = { ...effective, clientCertificates: [...deployed, ...user.clientCertificates] };
  return { user, policy, effective, locks, policyCertificates: deployed };
}

/** The value a dotted key has in a settings object (`tls.strictSSL`). */
export function valueAt(settings: object, key: string): unknown {
  let value: unknown = settings;
  for (const part of key.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const DEFAULT_SETTINGS: Settings = defaultSettings();
