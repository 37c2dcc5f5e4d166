import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirFrom, vaultFrom } from '../../main/desktop-data.js';
import { desktopPolicy, isEmailAllowed, isTeamAllowed } from '../../main/desktop-policy.js';
import { desktopDataDir } from '../../src/cli/web/index.js';

describe('managed policy for the app', () => {
  it('defaults: automatic stable updates, any team, any domain', () => {
    const policy = desktopPolicy([]);
    expect(policy).toEqual({
      updates: { automatic: true, channel: 'stable', feedUrl: null },
      allowedTeamIds: null,
      allowedEmailDomains: null,
      teamServerUrl: null,
      problems: [],
    });
    expect(isTeamAllowed(policy, 'anything')).toBe(true);
    expect(isEmailAllowed(policy, 'ada@anywhere.example')).toBe(true);
  });

  it('machine policy wins over user policy for update control and allowed teams', () => {
    const policy = desktopPolicy([
      { level: 'user', origin: 'user.json', format: 'json', values: { DisableAutoUpdate: false, AllowedTeamIds: ['personal'] } },
      { level: 'machine', origin: '/etc/postern/policies/org.json', format: 'json', values: { DisableAutoUpdate: true, UpdateChannel: 'beta', UpdateUrl: 'https://updates.example.com/postern', AllowedTeamIds: ['acme-prod'], AllowedEmailDomains: ['Example.com'] } },
    ]);
    expect(policy.updates).toEqual({ automatic: false, channel: 'beta', feedUrl: 'https://updates.example.com/postern' });
    expect(isTeamAllowed(policy, 'acme-prod')).toBe(true);
    expect(isTeamAllowed(policy, 'personal')).toBe(false);
    expect(isEmailAllowed(policy, 'ada@example.COM')).toBe(true);
    expect(isEmailAllowed(policy, 'ada@evil.example')).toBe(false);
    expect(isEmailAllowed(policy, 'ada@sub.example.com')).toBe(false);
    expect(isEmailAllowed(policy, 'no-at-sign')).toBe(false);
  });

  it('fails closed on a malformed allowed-teams list and reports it in one line', () => {
    const policy = desktopPolicy([{ level: 'machine', origin: '/etc/postern/policies/bad.json', format: 'json', values: { AllowedTeamIds: 'acme', UpdateChannel: 'nightly' } }]);
    expect(policy.allowedTeamIds).toEqual([]);
    expect(isTeamAllowed(policy, 'acme')).toBe(false);
    // UpdateChannel is not a security key: the bad value is ignored and the default stands.
    expect(policy.updates.channel).toBe('stable');
    expect(policy.problems).toHaveLength(2);
    expect(policy.problems[0]).toMatch(/^\/etc\/postern\/policies\/bad\.json: AllowedTeamIds: .*\(security key set to its strictest value\)$/);
    expect(policy.problems[1]).toMatch(/UpdateChannel: .*\(ignored\)$/);
  });
});

describe('the data folder and vault', () => {
  it('takes --data-dir, else the folder browser mode uses', () => {
    const env = { XDG_DATA_HOME: '/data' };
    expect(dataDirFrom(['/usr/bin/electron', '.', '--data-dir', '/tmp/p'], env)).toBe('/tmp/p');
    expect(dataDirFrom(['postern', '--data-dir=/tmp/q', '--no-sandbox'], env)).toBe('/tmp/q');
    expect(dataDirFrom(['postern', '--data-dir', '--no-sandbox'], env)).toBe(desktopDataDir(env));
    expect(dataDirFrom(['postern'], env)).toBe(desktopDataDir(env));
    if (process.platform === 'linux') expect(dataDirFrom([], env)).toBe(join('/data', 'postern'));
  });
  it('uses a passphrase only when POSTERN_VAULT_PASSPHRASE is set', () => {
    expect(vaultFrom({ POSTERN_VAULT_PASSPHRASE: 'pw' })).toEqual({ passphrase: 'pw' });
    expect(vaultFrom({ POSTERN_VAULT_PASSPHRASE: '' })).toEqual({});
    expect(vaultFrom({})).toEqual({});
  });
});
