import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEffectivePolicy, readJsonPolicyDir, readPolicyDocuments, resolveEffectivePolicy } from '../../src/policy/index.js';
import { FIXTURES, entry, withTempDir } from './helpers.js';

async function policyDir(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, fixtureName] of Object.entries(files)) await copyFile(join(FIXTURES, 'linux', fixtureName), join(dir, name));
}

describe('Linux JSON policy directory', () => {
  it('reads *.json in name order; a later file wins', async () => {
    await withTempDir(async (dir) => {
      await policyDir(dir, { '10-base.json': '10-base.json', '20-override.json': '20-override.json' });
      await writeFile(join(dir, 'notes.txt'), 'not policy');
      const docs = await readJsonPolicyDir(dir);
      expect(docs.map((d) => d.origin)).toEqual([join(dir, '20-override.json'), join(dir, '10-base.json')]);
      const policy = resolveEffectivePolicy(docs);
      expect(entry(policy, 'UpdateChannel')).toMatchObject({ value: 'beta', origin: join(dir, '20-override.json'), locked: true });
      expect(entry(policy, 'MinimumTlsVersion')).toMatchObject({ value: 'TLSv1_2', origin: join(dir, '10-base.json'), source: 'machine-policy' });
      expect(policy.problems).toEqual([]);
    });
  });

  it('a missing directory holds no policy', async () => {
    expect(await readJsonPolicyDir('/nonexistent/postern/policies')).toEqual([]);
  });

  it('malformed JSON names the file, line and column, and security keys fail closed', async () => {
    await withTempDir(async (dir) => {
      await policyDir(dir, { 'broken.json': 'broken.json.txt' });
      const policy = resolveEffectivePolicy(await readJsonPolicyDir(dir));
      expect(policy.problems).toEqual([{ level: 'machine', origin: join(dir, 'broken.json'), message: 'not valid JSON at line 4, column 3: CommaExpected', action: 'failed-closed' }]);
      expect(entry(policy, 'DisableScripts')).toMatchObject({ value: true, failedClosed: true });
      expect(entry(policy, 'MinimumTlsVersion')).toMatchObject({ value: 'TLSv1_3', failedClosed: true });
      expect(entry(policy, 'UpdateChannel')).toMatchObject({ value: 'stable', source: 'default', locked: false });
    });
  });

  it('a JSON file that is not an object is rejected with what it is', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.json'), '["DisableScripts"]');
      const [doc] = await readJsonPolicyDir(dir);
      expect(doc?.error).toBe('expected a JSON object of policy keys, got array');
    });
  });

  it('an unreadable entry is named', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'folder.json'));
      const [doc] = await readJsonPolicyDir(dir);
      expect(doc).toMatchObject({ origin: join(dir, 'folder.json'), error: 'cannot read the policy file: it is a directory' });
    });
  });

  it('POSTERN_POLICY_DIR moves the directory, on any platform', async () => {
    await withTempDir(async (dir) => {
      await policyDir(dir, { '10-base.json': '10-base.json' });
      for (const platform of ['linux', 'win32', 'darwin'] as const) {
        const docs = await readPolicyDocuments({ platform, env: { POSTERN_POLICY_DIR: dir } });
        expect(docs.map((d) => d.origin)).toEqual([join(dir, '10-base.json')]);
      }
      const policy = await loadEffectivePolicy({ platform: 'linux', env: { POSTERN_POLICY_DIR: dir }, userValues: { UpdateChannel: 'beta', DisableTelemetry: true } });
      expect(entry(policy, 'UpdateChannel')).toMatchObject({ value: 'stable', source: 'machine-policy' });
      expect(entry(policy, 'DisableTelemetry')).toMatchObject({ value: true, source: 'user-setting', locked: false });
    });
  });
});
