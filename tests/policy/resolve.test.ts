import { describe, expect, it } from 'vitest';
import { POLICY_KEYS, describeProblem, policyProfileSchema, policyValues, resolveEffectivePolicy, type PolicyDocument, type PolicyValues } from '../../src/policy/index.js';
import { entry } from './helpers.js';

const machine = (values: Record<string, unknown>, origin = '/etc/postern/policies/a.json'): PolicyDocument => ({ level: 'machine', origin, format: 'json', values });
const user = (values: Record<string, unknown>, origin = '/home/u/policy.json'): PolicyDocument => ({ level: 'user', origin, format: 'json', values });

/** A value of the wrong type for each kind. */
function wrongValue(type: string): unknown {
  return type === 'boolean' || type === 'integer' ? 'nope' : 42;
}

describe('the key schema', () => {
  it('covers the keys the issue asks for', () => {
    const names = POLICY_KEYS.map((k) => k.name);
    for (const required of ['AllowedTeamIds', 'AllowedEmailDomains', 'TeamServerUrl', 'DisableAutoUpdate', 'UpdateChannel', 'UpdateUrl', 'ForceSslVerification', 'MinimumTlsVersion', 'DisallowedCiphers', 'ExtraCaCertificates', 'ClientCertificates', 'ProxyUrl', 'DisableSignedOutWorkspaces', 'DisableScripts', 'ScriptTimeoutMs', 'ScriptMemoryLimitMb', 'DisableSecretExport', 'DisableTelemetry']) {
      expect(names).toContain(required);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('every security key has a strictest value its own schema accepts; every example and default is valid', () => {
    for (const def of POLICY_KEYS) {
      if (def.security) expect(def.schema.safeParse(def.strictest).success, def.name).toBe(true);
      expect(def.schema.safeParse(def.example).success, def.name).toBe(true);
      if (def.default !== null) expect(def.schema.safeParse(def.default).success, def.name).toBe(true);
    }
    expect(policyProfileSchema().safeParse({ Unknown: 1 }).success).toBe(false);
  });
});

describe('typed values', () => {
  it('PolicyValues names exactly the schema\'s keys', () => {
    const values: PolicyValues = policyValues(resolveEffectivePolicy([machine({ MinimumTlsVersion: 'TLSv1_2', ScriptTimeoutMs: 900 })]));
    expect(Object.keys(values)).toEqual(POLICY_KEYS.map((k) => k.name));
    // The compiler requires every key of PolicyValues here; the test requires the schema to have the same.
    const typed: Record<keyof PolicyValues, true> = {
      AllowedTeamIds: true, AllowedEmailDomains: true, TeamServerUrl: true, DisableAutoUpdate: true, UpdateChannel: true, UpdateUrl: true,
      ForceSslVerification: true, MinimumTlsVersion: true, DisallowedCiphers: true, ExtraCaCertificates: true, ClientCertificates: true,
      ProxyUrl: true, ProxyBypass: true, DisableSignedOutWorkspaces: true, DisableScripts: true, ScriptTimeoutMs: true,
      ScriptMemoryLimitMb: true, DisableSecretExport: true, DisableTelemetry: true,
    };
    expect(Object.keys(typed).sort()).toEqual(Object.keys(values).sort());
    expect(values.MinimumTlsVersion).toBe('TLSv1_2');
    expect(values.ScriptTimeoutMs).toBe(900);
    expect(values.AllowedTeamIds).toBeNull();
  });
});

describe('precedence and locks', () => {
  it('machine policy > user policy > user setting > default', () => {
    const policy = resolveEffectivePolicy(
      [user({ UpdateChannel: 'stable', DisableAutoUpdate: true }), machine({ UpdateChannel: 'beta' })],
      { UpdateChannel: 'stable', DisableAutoUpdate: false, ProxyUrl: 'http://proxy.local:8080' },
    );
    expect(entry(policy, 'UpdateChannel')).toMatchObject({ value: 'beta', source: 'machine-policy', locked: true });
    expect(entry(policy, 'DisableAutoUpdate')).toMatchObject({ value: true, source: 'user-policy', locked: true, origin: '/home/u/policy.json' });
    expect(entry(policy, 'ProxyUrl')).toMatchObject({ value: 'http://proxy.local:8080', source: 'user-setting', locked: false });
    expect(entry(policy, 'ScriptTimeoutMs')).toMatchObject({ value: 5000, source: 'default', locked: false });
    expect(entry(policy, 'AllowedTeamIds')).toMatchObject({ value: null, source: 'default' });
    expect(policy.entries.map((e) => e.key)).toEqual(POLICY_KEYS.map((k) => k.name));
  });

  it('an invalid user setting falls back to the default', () => {
    const policy = resolveEffectivePolicy([], { ScriptTimeoutMs: -1 });
    expect(entry(policy, 'ScriptTimeoutMs')).toMatchObject({ value: 5000, source: 'default' });
  });
});

describe('malformed profiles', () => {
  it('every security key fails closed to its strictest value; a lower layer cannot loosen it', () => {
    for (const def of POLICY_KEYS.filter((k) => k.security)) {
      const policy = resolveEffectivePolicy([machine({ [def.name]: wrongValue(def.kind.type) }), user({ [def.name]: def.example })]);
      expect(entry(policy, def.name), def.name).toMatchObject({ value: def.strictest, source: 'machine-policy', locked: true, failedClosed: true });
      expect(policy.problems, def.name).toEqual([expect.objectContaining({ key: def.name, action: 'failed-closed', origin: '/etc/postern/policies/a.json' })]);
    }
  });

  it('a malformed non-security key is ignored and the next layer decides', () => {
    for (const def of POLICY_KEYS.filter((k) => !k.security)) {
      const policy = resolveEffectivePolicy([machine({ [def.name]: wrongValue(def.kind.type) }), user({ [def.name]: def.example })]);
      expect(entry(policy, def.name), def.name).toMatchObject({ value: def.example, source: 'user-policy' });
      expect(policy.problems[0], def.name).toMatchObject({ key: def.name, action: 'ignored' });
    }
  });

  it('a value outside its range names the range and the value', () => {
    const policy = resolveEffectivePolicy([machine({ ScriptMemoryLimitMb: 4096, AllowedEmailDomains: ['corp.example', 'not a domain'] })]);
    expect(describeProblem(policy.problems[0]!)).toBe('/etc/postern/policies/a.json: AllowedEmailDomains: expected a list of strings, got a list of 2 at [1]: expected a domain name like example.com (security key set to its strictest value)');
    expect(policy.problems[1]?.message).toMatch(/^expected an integer from 16 to 1024, got number 4096: /);
  });

  it('unknown keys are reported with a hint and otherwise ignored', () => {
    const policy = resolveEffectivePolicy([machine({ disablescripts: true, Colour: 'blue' })]);
    expect(policy.problems.map((p) => p.message)).toEqual(['unknown policy key (did you mean DisableScripts?)', 'unknown policy key']);
    expect(entry(policy, 'DisableScripts')).toMatchObject({ value: false, source: 'default' });
  });

  it('a document that cannot be read fails every security key closed, but a higher document still wins', () => {
    const broken: PolicyDocument = { level: 'machine', origin: '/etc/postern/policies/b.json', format: 'json', error: 'not valid JSON at line 1, column 1: ValueExpected' };
    const policy = resolveEffectivePolicy([machine({ MinimumTlsVersion: 'TLSv1_2' }), broken]);
    expect(entry(policy, 'MinimumTlsVersion')).toMatchObject({ value: 'TLSv1_2', origin: '/etc/postern/policies/a.json' });
    expect(entry(policy, 'MinimumTlsVersion').failedClosed).toBeUndefined();
    expect(entry(policy, 'ForceSslVerification')).toMatchObject({ value: true, failedClosed: true, origin: '/etc/postern/policies/b.json' });
    expect(entry(policy, 'TeamServerUrl')).toMatchObject({ value: null, source: 'default' });
    expect(describeProblem(policy.problems[0]!)).toBe('/etc/postern/policies/b.json: not valid JSON at line 1, column 1: ValueExpected (security keys set to their strictest values)');
  });
});
