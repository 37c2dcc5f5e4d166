import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, bundleChildScript } from '../support/child-script.js';

/**
 * openLocalData in keychain mode, in child processes: under tools/with-keyring.sh (a private D-Bus
 * and an unlocked gnome-keyring in a throwaway HOME), or with no reachable bus. Built like the
 * vault's keychain tests: one esbuild bundle of the project's code, npm packages left external.
 */

const root = REPO_ROOT;
const wrapper = join(root, 'tools/with-keyring.sh');
// Inside node_modules so the bundle resolves the packages it leaves external.
let probe = '';
const SERVICE = 'dev.postern.test.local-data';
const SECRET = 'keychain-secret-5e2d';

interface ProbeResult {
  readonly status: number | null;
  readonly output: Record<string, unknown>;
}

function parse(stdout: string, stderr: string, status: number | null): ProbeResult {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return { status, output: JSON.parse(line) as Record<string, unknown> };
  } catch {
    throw new Error(`probe printed no JSON (exit ${status}): ${stdout}\n${stderr}`);
  }
}

/** Runs the probe under the wrapper; `home` keeps the keyring between runs. */
function withKeyring(home: string, ...args: string[]): ProbeResult {
  const child = spawnSync(wrapper, ['node', probe, ...args], { encoding: 'utf8', env: { ...process.env, KEYRING_HOME: home }, timeout: 20_000 });
  return parse(child.stdout, child.stderr, child.status);
}

let home = '';
let directory = '';

beforeAll(async () => {
  probe = await bundleChildScript('tests/services/local-data-probe.ts', 'postern-services');
  home = mkdtempSync(join(tmpdir(), 'postern-local-home-'));
  directory = mkdtempSync(join(tmpdir(), 'postern-local-data-'));
});

afterAll(() => {
  for (const dir of [home, directory]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('openLocalData over a real Secret Service', () => {
  it('creates the database with a keychain vault and seals the secret', () => {
    const created = withKeyring(home, 'create', directory, SERVICE, SECRET);
    expect(created.output).toEqual({ protection: 'keychain', keyVersion: 1 });
    expect(readFileSync(join(directory, 'postern.db')).includes(Buffer.from(SECRET))).toBe(false);
  });

  it('opens the secret in another process and D-Bus session', () => {
    expect(withKeyring(home, 'read', directory, SERVICE).output).toEqual({ keyVersion: 1, value: SECRET });
  });

  it('rotates the key, and a new process opens the resealed value under it', () => {
    const rotated = withKeyring(home, 'rotate', directory, SERVICE);
    expect(rotated.output).toEqual({ keyVersion: 2, retiredVersions: [1], keptVersions: [], resealedValues: 1 });
    expect(withKeyring(home, 'read', directory, SERVICE).output).toEqual({ keyVersion: 2, value: SECRET });
  });
});

describe('openLocalData with no keychain', () => {
  it('refuses with KEYCHAIN_UNAVAILABLE, with no fallback, when no D-Bus is reachable', () => {
    const bare = mkdtempSync(join(tmpdir(), 'postern-local-bare-'));
    try {
      const child = spawnSync(process.execPath, [probe, 'create', bare, SERVICE, SECRET], {
        encoding: 'utf8',
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
        timeout: 20_000,
      });
      const result = parse(child.stdout, child.stderr, child.status);
      expect(result.status).toBe(3);
      expect(result.output.error).toBe('KEYCHAIN_UNAVAILABLE');
      expect(String(result.output.message)).toMatch(/No OS keychain is reachable/);
      // The database records no vault mode, so a later open may still choose either one.
      const raw = new Database(join(bare, 'postern.db'), { readonly: true });
      try {
        expect(raw.prepare('SELECT key FROM meta').all()).toEqual([]);
      } finally {
        raw.close();
      }
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
