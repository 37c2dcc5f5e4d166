import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import bplistCreator from 'bplist-creator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLICY_KEYS, renderPolicyTemplates } from '../../src/policy/index.js';
import { expectOneErrorLine, linesOf, parseOneJsonLine, runCli } from '../cli/cli-harness.js';
import { FIXTURES, withTempDir } from './helpers.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('postern policy help', () => {
  it('is listed by postern --help; policy --help exits 0, bare policy exits 2', async () => {
    expect((await runCli('--help')).stdout).toMatch(/^ {2}policy {4}/m);
    const help = await runCli('policy', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: postern policy <command>/);
    expect(help.stdout).toContain('POSTERN_POLICY_DIR');
    expect((await runCli('policy')).code).toBe(2);
    expect((await runCli('policy', 'check', '--help')).code).toBe(0);
  });
});

describe('postern policy show', () => {
  it('prints every key with its value, source and lock, then the sources read', async () => {
    await withTempDir(async (dir) => {
      await copyFile(join(FIXTURES, 'linux', '10-base.json'), join(dir, '10-base.json'));
      vi.stubEnv('POSTERN_POLICY_DIR', dir);
      const run = await runCli('policy', 'show');
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const lines = linesOf(run.stdout);
      expect(lines[0]).toMatch(/^KEY\s+VALUE\s+SOURCE\s+LOCKED$/);
      expect(lines.find((l) => l.startsWith('MinimumTlsVersion'))).toMatch(/^MinimumTlsVersion\s+TLSv1_2\s+machine policy\s+locked$/);
      expect(lines.find((l) => l.startsWith('ScriptTimeoutMs'))).toMatch(/^ScriptTimeoutMs\s+5000\s+default$/);
      expect(lines.find((l) => l.startsWith('AllowedTeamIds'))).toMatch(/^AllowedTeamIds\s+\(not set\)\s+default$/);
      expect(lines).toContain(`  machine policy: ${join(dir, '10-base.json')}`);
      expect(lines.filter((l) => POLICY_KEYS.some((k) => l.startsWith(`${k.name} `)))).toHaveLength(POLICY_KEYS.length);
    });
  });

  it('--json prints one object with entries, sources and problems', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.json'), JSON.stringify({ DisableScripts: 'yes', UpdateChannel: 'nightly', DisableTelemetry: true }));
      vi.stubEnv('POSTERN_POLICY_DIR', dir);
      const run = await runCli('policy', 'show', '--json');
      expect(run.code).toBe(0);
      const out = parseOneJsonLine(run.stdout) as { entries: Array<Record<string, unknown>>; sources: unknown[]; problems: Array<Record<string, unknown>> };
      expect(out.entries).toHaveLength(POLICY_KEYS.length);
      expect(out.entries.find((e) => e['key'] === 'DisableScripts')).toEqual({ key: 'DisableScripts', value: true, source: 'machine-policy', locked: true, security: true, origin: join(dir, 'a.json'), failedClosed: true });
      expect(out.entries.find((e) => e['key'] === 'UpdateChannel')).toMatchObject({ value: 'stable', source: 'default', locked: false });
      expect(out.sources).toEqual([{ level: 'machine', origin: join(dir, 'a.json'), format: 'json', rejected: false }]);
      expect(out.problems.map((p) => [p['key'], p['action']])).toEqual([['UpdateChannel', 'ignored'], ['DisableScripts', 'failed-closed']]);
    });
  });

  it('still shows the effective settings when a profile is unreadable, and names it', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.json'), '{ "DisableScripts": tru }');
      vi.stubEnv('POSTERN_POLICY_DIR', dir);
      const run = await runCli('policy', 'show');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^DisableScripts\s+true\s+machine policy\s+locked \(failed closed\)$/m);
      expect(run.stdout).toContain(`${join(dir, 'a.json')}: not valid JSON at line 1, column 21: InvalidSymbol (security keys set to their strictest values)`);
    });
  });

  it('rejects stray arguments and unknown flags with exit 2', async () => {
    expect(expectOneErrorLine(await runCli('policy', 'show', 'extra'))).toBe('postern: error: policy show takes no arguments, got "extra"');
    const flag = await runCli('policy', 'show', '--jsn');
    expect(flag.code).toBe(2);
    expect(expectOneErrorLine(flag)).toMatch(/Unknown option '--jsn'/);
    const sub = await runCli('policy', 'list');
    expect(sub.code).toBe(2);
    expect(expectOneErrorLine(sub)).toBe('postern: error: unknown policy command "list"; use show, check or templates');
  });
});

describe('postern policy check', () => {
  it('exit 0 and the keys for a good profile', async () => {
    const run = await runCli('policy', 'check', join(FIXTURES, 'linux', '10-base.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${join(FIXTURES, 'linux', '10-base.json')}: ok (4 keys: TeamServerUrl, ForceSslVerification, MinimumTlsVersion, UpdateChannel)\n`);
  });

  it('names every problem and exits 1', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'profile.json');
      await writeFile(file, JSON.stringify({ ScriptTimeoutMs: 10, UpdateUrl: 'http://plain.example', Telemetry: false, DisableScripts: true }));
      const run = await runCli('policy', 'check', file);
      expect(run.code).toBe(1);
      expect(linesOf(run.stdout)).toEqual([
        `${file}: Telemetry: unknown policy key`,
        `${file}: UpdateUrl: expected a string, got "http://plain.example": expected an https:// URL`,
        expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ScriptTimeoutMs: expected an integer from 500 to 600000, got number 10: `)),
        '3 problems (1 would make security keys fail closed); fix them before deploying',
      ]);
    });
  });

  it('checks binary plists and the payloads of a .mobileconfig', async () => {
    await withTempDir(async (dir) => {
      const plist = join(dir, 'dev.postern.app.plist');
      await writeFile(plist, bplistCreator({ DisableScripts: 1 }));
      const run = await runCli('policy', 'check', plist, '--json');
      expect(run.code).toBe(1);
      const out = parseOneJsonLine(run.stdout);
      expect(out['ok']).toBe(false);
      expect(out['problems']).toEqual([{ level: 'machine', origin: plist, key: 'DisableScripts', message: 'expected <true/> or <false/>, got number 1', action: 'failed-closed' }]);

      const mobileconfig = join(dir, 'bad.mobileconfig');
      const example = renderPolicyTemplates()['macos/dev.postern.app.example.mobileconfig'] ?? '';
      await writeFile(mobileconfig, example.replace('<string>TLSv1_2</string>', '<string>SSLv3</string>'));
      const bad = await runCli('policy', 'check', mobileconfig);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain(`${mobileconfig}: PayloadContent[0]: MinimumTlsVersion: expected one of TLSv1, TLSv1_1, TLSv1_2, TLSv1_3, got "SSLv3"`);
    });
  });

  it('a missing file or no file is bad input: exit 2, one line', async () => {
    const missing = await runCli('policy', 'check', '/nonexistent/p.json');
    expect(missing.code).toBe(2);
    expect(expectOneErrorLine(missing)).toBe('postern: error: /nonexistent/p.json: cannot read the profile: no such file');
    const none = await runCli('policy', 'check');
    expect(none.code).toBe(2);
    expectOneErrorLine(none);
  });
});

describe('postern policy templates', () => {
  it('writes every template, identical to the shipped ones', async () => {
    await withTempDir(async (dir) => {
      const run = await runCli('policy', 'templates', dir);
      expect(run.code).toBe(0);
      const expected = renderPolicyTemplates();
      expect(linesOf(run.stdout)).toEqual(Object.keys(expected).map((r) => join(dir, r)));
      for (const [relative, text] of Object.entries(expected)) expect(await readFile(join(dir, relative), 'utf8')).toBe(text);
    });
  });

  it('an unwritable target is named and nothing is left behind', async () => {
    await withTempDir(async (dir) => {
      const blocker = join(dir, 'out');
      await writeFile(blocker, 'a file, not a directory');
      const run = await runCli('policy', 'templates', blocker);
      expect(run.code).toBe(1);
      expect(expectOneErrorLine(run)).toMatch(/^postern: error: .*out.*: cannot write the policy templates: /);
      expect(await readFile(blocker, 'utf8')).toBe('a file, not a directory');
    });
  });
});
