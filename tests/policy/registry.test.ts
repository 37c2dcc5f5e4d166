import { describe, expect, it } from 'vitest';
import { loadEffectivePolicy, parseRegQuery, readRegistryPolicies, registryToValues, resolveEffectivePolicy } from '../../src/policy/index.js';
import { entry, fakeReg, fixture } from './helpers.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Postern';

describe('reg query output', () => {
  it('parses keys, typed values, REG_MULTI_SZ and subkeys', async () => {
    const keys = parseRegQuery(await fixture('windows', 'reg-query-hklm.txt'));
    expect(keys.map((k) => k.path)).toEqual([HKLM, `${HKLM}\\AllowedEmailDomains`, `${HKLM}\\ExtraCaCertificates`]);
    const root = keys[0]?.values ?? [];
    expect(root.find((v) => v.name === 'ForceSslVerification')).toEqual({ name: 'ForceSslVerification', type: 'REG_DWORD', data: 1 });
    expect(root.find((v) => v.name === 'ScriptTimeoutMs')?.data).toBe(2000);
    expect(root.find((v) => v.name === 'DisallowedCiphers')?.data).toEqual(['DES-CBC3-SHA', 'RC4-SHA']);
    expect(keys[2]?.values[0]?.data).toBe('C:\\ProgramData\\Corp\\root ca.pem');
  });

  it('turns numbered subkey values into lists in numeric order', async () => {
    const values = registryToValues(HKLM, parseRegQuery(await fixture('windows', 'reg-query-hklm.txt')));
    expect(values['AllowedEmailDomains']).toEqual(['corp.example', 'subsidiary.example', 'late.example']);
    expect(values['MinimumTlsVersion']).toBe('TLSv1_2');
  });

  it('keeps value names with spaces and ignores the (Default) value', async () => {
    const hkcu = registryToValues('HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Postern', parseRegQuery(await fixture('windows', 'reg-query-hkcu.txt')));
    expect(hkcu['Proxy Url']).toBe('http://typo.example:3128');
    const bad = registryToValues(HKLM, parseRegQuery(await fixture('windows', 'reg-query-malformed.txt')));
    expect(Object.keys(bad)).not.toContain('');
    expect(bad['DisableScripts']).toBe('yes');
  });
});

describe('Windows policy sources', () => {
  it('queries HKLM then HKCU with reg query /s and skips a missing key', async () => {
    const reg = fakeReg({ 'HKLM\\SOFTWARE\\Policies\\Postern': await fixture('windows', 'reg-query-hklm.txt') });
    const docs = await readRegistryPolicies(reg);
    expect(reg.calls).toEqual([
      ['reg', 'query', 'HKLM\\SOFTWARE\\Policies\\Postern', '/s'],
      ['reg', 'query', 'HKCU\\SOFTWARE\\Policies\\Postern', '/s'],
      ['reg', 'query', 'HKCU\\SOFTWARE\\Policies'],
    ]);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.level).toBe('machine');
    expect(docs[0]?.origin).toBe(HKLM);
  });

  it('machine policy beats user policy; DWORDs become booleans; JSON text becomes a list', async () => {
    const reg = fakeReg({
      'HKLM\\SOFTWARE\\Policies\\Postern': await fixture('windows', 'reg-query-hklm.txt'),
      'HKCU\\SOFTWARE\\Policies\\Postern': await fixture('windows', 'reg-query-hkcu.txt'),
    });
    const policy = await loadEffectivePolicy({ platform: 'win32', env: {}, runCommand: reg });
    expect(entry(policy, 'ForceSslVerification')).toMatchObject({ value: true, source: 'machine-policy', locked: true, origin: HKLM });
    expect(entry(policy, 'UpdateChannel')).toMatchObject({ value: 'beta', source: 'machine-policy' });
    expect(entry(policy, 'DisableTelemetry')).toMatchObject({ value: true, source: 'user-policy', locked: true });
    expect(entry(policy, 'ProxyBypass')).toMatchObject({ value: ['localhost', '.corp.example'], source: 'user-policy' });
    expect(entry(policy, 'ClientCertificates').value).toEqual([{ host: 'mtls.corp.example', port: 8443, cert: 'C:\\certs\\client.pem', key: 'C:\\certs\\client.key' }]);
    expect(entry(policy, 'DisableScripts')).toMatchObject({ value: false, source: 'default', locked: false });
    expect(policy.problems).toEqual([expect.objectContaining({ key: 'Proxy Url', action: 'ignored', origin: 'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Postern' })]);
  });

  it('a malformed registry profile: security keys fail closed, others are ignored, every problem named', async () => {
    const reg = fakeReg({ 'HKLM\\SOFTWARE\\Policies\\Postern': await fixture('windows', 'reg-query-malformed.txt') });
    const policy = resolveEffectivePolicy(await readRegistryPolicies(reg));
    expect(entry(policy, 'DisableScripts')).toMatchObject({ value: true, locked: true, failedClosed: true });
    expect(entry(policy, 'ScriptMemoryLimitMb')).toMatchObject({ value: 16, failedClosed: true });
    expect(entry(policy, 'AllowedTeamIds')).toMatchObject({ value: [], failedClosed: true });
    expect(entry(policy, 'DisableAutoUpdate')).toMatchObject({ value: false, source: 'default' });
    expect(entry(policy, 'UpdateUrl')).toMatchObject({ value: null, source: 'default' });
    const byKey = Object.fromEntries(policy.problems.map((p) => [p.key, p]));
    expect(byKey['DisableScripts']?.message).toMatch(/expected a REG_DWORD 0 or 1, got "yes"/);
    expect(byKey['ScriptMemoryLimitMb']?.message).toMatch(/from 16 to 1024 \(REG_DWORD\), got number 4/);
    expect(byKey['DisableAutoUpdate']).toMatchObject({ action: 'ignored', origin: HKLM });
    expect(byKey['ClientCertificates']?.message).toMatch(/JSON text/);
    expect(byKey['AllowedTeamIds']?.message).toBe('expected a REG_MULTI_SZ or a subkey of numbered REG_SZ values, got binary data');
    expect(byKey['UpdateUrl']?.message).toMatch(/https:\/\//);
    expect(Object.keys(byKey).sort()).toEqual(['AllowedTeamIds', 'ClientCertificates', 'DisableAutoUpdate', 'DisableScripts', 'ScriptMemoryLimitMb', 'UpdateUrl']);
  });

  it('a failing reg query (not a missing key) rejects that level and fails security keys closed', async () => {
    const reg = fakeReg({ 'HKCU\\SOFTWARE\\Policies\\Postern': { code: 1, stdout: '', stderr: 'ERROR: Access is denied.\r\n' } });
    const policy = resolveEffectivePolicy(await readRegistryPolicies(reg));
    expect(policy.problems[0]).toMatchObject({ origin: 'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Postern', action: 'failed-closed' });
    expect(policy.problems[0]?.message).toMatch(/Access is denied/);
    expect(entry(policy, 'ForceSslVerification')).toMatchObject({ value: true, source: 'user-policy', failedClosed: true });
  });
});
