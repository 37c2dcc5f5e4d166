import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import bplistCreator from 'bplist-creator';
import { describe, expect, it, vi } from 'vitest';
import { macPolicyPaths, parsePlistPolicy, readPlistPolicyFile, resolveEffectivePolicy } from '../../src/policy/index.js';
import { FIXTURES, entry, withTempDir } from './helpers.js';

const XML_FIXTURE = join(FIXTURES, 'macos', 'dev.postern.app.xml.plist');

describe('macOS plist sources', () => {
  it('looks in managed preferences, then /Library/Preferences, then the per-user managed folder', () => {
    expect(macPolicyPaths('ada')).toEqual([
      { path: '/Library/Managed Preferences/dev.postern.app.plist', level: 'machine' },
      { path: '/Library/Preferences/dev.postern.app.plist', level: 'machine' },
      { path: '/Library/Managed Preferences/ada/dev.postern.app.plist', level: 'user' },
    ]);
  });

  it('reads an XML plist', async () => {
    const doc = await readPlistPolicyFile(XML_FIXTURE, 'machine');
    const policy = resolveEffectivePolicy(doc ? [doc] : []);
    expect(policy.problems).toEqual([]);
    expect(entry(policy, 'AllowedTeamIds')).toMatchObject({ value: ['acme-prod', 'acme-staging'], source: 'machine-policy', locked: true, origin: XML_FIXTURE });
    expect(entry(policy, 'DisableScripts').value).toBe(true);
    expect(entry(policy, 'ScriptMemoryLimitMb').value).toBe(32);
    expect(entry(policy, 'ClientCertificates').value).toEqual([{ host: '*.internal.example', pfx: '/Library/Application Support/Corp/client.p12' }]);
  });

  it('reads a binary plist written by an independent encoder', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'dev.postern.app.plist');
      await writeFile(path, bplistCreator({ ForceSslVerification: true, MinimumTlsVersion: 'TLSv1_2', DisallowedCiphers: ['RC4-SHA'], ScriptTimeoutMs: 1500 }));
      const doc = await readPlistPolicyFile(path, 'machine');
      expect(doc?.format).toBe('plist');
      const policy = resolveEffectivePolicy(doc ? [doc] : []);
      expect(policy.problems).toEqual([]);
      expect(entry(policy, 'ForceSslVerification').value).toBe(true);
      expect(entry(policy, 'MinimumTlsVersion').value).toBe('TLSv1_2');
      expect(entry(policy, 'DisallowedCiphers').value).toEqual(['RC4-SHA']);
      expect(entry(policy, 'ScriptTimeoutMs').value).toBe(1500);
    });
  });

  it('a missing file is no policy; an unreadable one is named and fails closed', async () => {
    await withTempDir(async (dir) => {
      expect(await readPlistPolicyFile(join(dir, 'absent.plist'), 'machine')).toBeNull();
      const folder = join(dir, 'dev.postern.app.plist');
      await mkdir(folder);
      const doc = await readPlistPolicyFile(folder, 'machine');
      expect(doc?.error).toBe('cannot read the policy file: it is a directory');
      const policy = resolveEffectivePolicy(doc ? [doc] : []);
      expect(entry(policy, 'DisableSecretExport')).toMatchObject({ value: true, failedClosed: true, origin: folder });
      expect(entry(policy, 'UpdateChannel')).toMatchObject({ value: 'stable', source: 'default' });
    });
  });

  it('a plist whose top is not a dict is rejected with what it is', () => {
    const doc = parsePlistPolicy(bplistCreator(['a', 'b']), '/x.plist', 'machine');
    expect(doc.error).toBe('expected a plist <dict> of policy keys at the top, got an <array>');
  });

  it('a corrupt plist is rejected, naming binary or XML, with nothing logged', () => {
    const logged = vi.spyOn(console, 'error');
    const binary = parsePlistPolicy(Buffer.from('bplist00garbage'), '/b.plist', 'machine');
    expect(binary.error).toMatch(/^not a valid binary plist: /);
    const xml = parsePlistPolicy(Buffer.from('<plist><dict><key>A</key>'), '/x.plist', 'machine');
    expect(xml.error).toMatch(/^not a valid XML plist: .*unclosed xml tag/);
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it('values of the wrong plist type are named with the expected plist type', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'p.plist');
      await copyFile(XML_FIXTURE, path);
      const doc = parsePlistPolicy(bplistCreator({ DisableScripts: 'true', AllowedTeamIds: 'acme', ClientCertificates: [{ host: 'h', cert: '/c.pem' }], ScriptTimeoutMs: 1e9 }), path, 'user');
      const policy = resolveEffectivePolicy([doc]);
      const messages = Object.fromEntries(policy.problems.map((p) => [p.key, p.message]));
      expect(messages['DisableScripts']).toMatch(/^expected <true\/> or <false\/>, got "true"/);
      expect(messages['AllowedTeamIds']).toMatch(/^expected an <array> of <string>, got "acme"/);
      expect(messages['ClientCertificates']).toMatch(/^expected an <array> of <dict>.* at \[0\]: a client certificate is either a pfx file or a PEM cert and key/);
      expect(messages['ScriptTimeoutMs']).toMatch(/from 500 to 600000/);
      expect(entry(policy, 'DisableScripts')).toMatchObject({ value: true, source: 'user-policy', failedClosed: true });
      expect(entry(policy, 'ClientCertificates')).toMatchObject({ value: [], source: 'default' });
    });
  });
});
