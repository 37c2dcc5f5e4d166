import type { TlsProtocol } from '../model/index.js';
import type { PolicyClientCertificate } from './keys.js';
import type { EffectivePolicy } from './types.js';

/** The effective value of every key, typed, for the services that obey them. */
export interface PolicyValues {
  /** null: any team may be used; [] none. */
  readonly AllowedTeamIds: readonly string[] | null;
  readonly AllowedEmailDomains: readonly string[] | null;
  readonly TeamServerUrl: string | null;
  readonly DisableAutoUpdate: boolean;
  readonly UpdateChannel: 'stable' | 'beta';
  readonly UpdateUrl: string | null;
  readonly ForceSslVerification: boolean;
  /** null: no floor. */
  readonly MinimumTlsVersion: TlsProtocol | null;
  readonly DisallowedCiphers: readonly string[];
  readonly ExtraCaCertificates: readonly string[];
  readonly ClientCertificates: readonly PolicyClientCertificate[];
  readonly ProxyUrl: string | null;
  readonly ProxyBypass: readonly string[];
  readonly DisableSignedOutWorkspaces: boolean;
  readonly DisableScripts: boolean;
  readonly ScriptTimeoutMs: number;
  readonly ScriptMemoryLimitMb: number;
  readonly DisableSecretExport: boolean;
  readonly DisableTelemetry: boolean;
}

/**
 * The entries as one typed object. Every value passed its key's schema or is the key's default or
 * strictest value, which the key tests check against the same schema, so the cast is sound.
 */
export function policyValues(policy: EffectivePolicy): PolicyValues {
  return Object.fromEntries(policy.entries.map((e) => [e.key, e.value])) as unknown as PolicyValues;
}
