import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAad } from '../../src/vault/index.js';
import { REPO_ROOT, bundleChildScript } from '../support/child-script.js';

/**
 * The vault against a real Secret Service: every case runs the vault in a child process, under
 * tools/with-keyring.sh (a private D-Bus and an unlocked gnome-keyring in a throwaway HOME), or with
 * no reachable bus. So these run the same under plain `npx vitest run` and inside the wrapper.
 */

const root = REPO_ROOT;
const wrapper = join(root, 'tools/with-keyring.sh');
// Inside node_modules so the bundle resolves @napi-rs/keyring (a native module, not bundled).
let probe = '';
const SERVICE = 'dev.postern.test';
const AAD = recordAad('variables', 7, 'current_value');

interface ProbeResult {
  readonly status: number | null;
  readonly output: Record<string, unknown>;
  readonly stderr: string;
}

function parse(stdout: string, stderr: string, status: number | null): ProbeResult {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return { status, output: JSON.parse(line) as Record<string, unknown>, stderr };
  } catch {
    throw new Error(`probe printed no JSON (exit ${status}): ${stdout}\n${stderr}`);
  }
}

/** Runs the probe under the wrapper; `home` keeps the keyring between runs. */
function withKeyring(home: string, ...args: string[]): ProbeResult {
  const child = spawnSync(wrapper, ['node', probe, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KEYRING_HOME: home },
    timeout: 20_000,
  });
  return parse(child.stdout, child.stderr, child.status);
}

function withEnv(env: NodeJS.ProcessEnv, command: string, ...args: string[]): ProbeResult {
  const child = spawnSync(command, args, { encoding: 'utf8', env, timeout: 20_000 });
  return parse(child.stdout, child.stderr, child.status);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

let home = '';

beforeAll(async () => {
  probe = await bundleChildScript('tests/vault/keychain-probe.ts', 'postern-vault');
  home = mkdtempSync(join(tmpdir(), 'postern-vault-home-'));
});

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('vault over a real Secret Service (gnome-keyring on a private D-Bus)', () => {
  let sealedHex = '';

  it('makes a master key in the keychain and seals with it', () => {
    const sealed = withKeyring(home, 'seal', SERVICE, AAD, 'bearer abc123');
    expect(sealed.output).toMatchObject({ keyVersion: 1, protection: 'keychain' });
    sealedHex = String(sealed.output.sealed);
    expect(sealedHex).toMatch(/^0100000001[0-9a-f]{24,}$/);
  });

  it('opens the value in another process and another D-Bus session: the key persisted', () => {
    const opened = withKeyring(home, 'open', SERVICE, AAD, sealedHex);
    expect(opened.output).toEqual({ plaintext: 'bearer abc123' });
  });

  it('does not open the value moved to another row, nor a tampered copy', () => {
    const moved = withKeyring(home, 'open', SERVICE, recordAad('variables', 8, 'current_value'), sealedHex);
    expect(moved.output.error).toBe('VAULT_TAMPERED');
    const lastByte = sealedHex.slice(-2) === '00' ? '01' : '00';
    const tampered = withKeyring(home, 'open', SERVICE, AAD, sealedHex.slice(0, -2) + lastByte);
    expect(tampered.output.error).toBe('VAULT_TAMPERED');
    expect(tampered.status).toBe(3);
  });

  it('never writes the master key to disk: the keyring file holds it encrypted', () => {
    const key = withKeyring(home, 'key-hex', SERVICE);
    const keyHex = String(key.output.keyHex);
    expect(keyHex).toMatch(/^[0-9a-f]{64}$/);
    const keyBytes = Buffer.from(keyHex, 'hex');
    const files = filesUnder(home);
    expect(files.some((file) => file.includes(join('.local', 'share', 'keyrings')))).toBe(true);
    for (const file of files) {
      const content = readFileSync(file);
      expect(content.includes(keyBytes), file).toBe(false);
      expect(content.includes(Buffer.from(keyHex)), file).toBe(false);
      expect(content.includes(Buffer.from(keyHex.toUpperCase())), file).toBe(false);
      expect(content.includes(Buffer.from(keyBytes.toString('base64'))), file).toBe(false);
    }
  });

  it('rotates: the resealed value opens in a new process, the value under the retired key does not', () => {
    const rotated = withKeyring(home, 'rotate', SERVICE, AAD, sealedHex);
    expect(rotated.output).toMatchObject({ keyVersion: 2, retiredVersions: [1], keptVersions: [], sealedKeyVersion: 2 });
    const resealed = withKeyring(home, 'open', SERVICE, AAD, String(rotated.output.sealed));
    expect(resealed.output).toEqual({ plaintext: 'bearer abc123' });
    const stale = withKeyring(home, 'open', SERVICE, AAD, sealedHex);
    expect(stale.output.error).toBe('VAULT_KEY_MISSING');
  });
});

describe('vault whose keychain lost the entry naming the current key', () => {
  it('refuses rather than overwrite the master key with a new one', () => {
    const lost = mkdtempSync(join(tmpdir(), 'postern-vault-lost-'));
    try {
      expect(withKeyring(lost, 'seal', SERVICE, AAD, 'keep me').output.keyVersion).toBe(1);
      const before = withKeyring(lost, 'key-hex', SERVICE, '1').output.keyHex;
      expect(before).toMatch(/^[0-9a-f]{64}$/);
      expect(withKeyring(lost, 'forget-current', SERVICE).output).toEqual({ deleted: true });
      const again = withKeyring(lost, 'seal', SERVICE, AAD, 'x');
      expect(again.output.error).toBe('VAULT_KEY_MISSING');
      expect(withKeyring(lost, 'key-hex', SERVICE, '1').output.keyHex).toBe(before);
    } finally {
      rmSync(lost, { recursive: true, force: true });
    }
  });
});

describe('vault with no keychain', () => {
  it('refuses with KEYCHAIN_UNAVAILABLE when no D-Bus is reachable, offering the passphrase', () => {
    const result = withEnv(
      { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
      process.execPath,
      probe,
      'seal',
      SERVICE,
      AAD,
      'never stored',
    );
    expect(result.status).toBe(3);
    expect(result.output.error).toBe('KEYCHAIN_UNAVAILABLE');
    expect(String(result.output.message)).toMatch(/No OS keychain is reachable.*passphrase/);
    expect(String(result.output.message)).not.toContain('\n');
  });

  it('refuses with KEYCHAIN_UNAVAILABLE when a bus runs but no keyring is unlocked', () => {
    const bare = mkdtempSync(join(tmpdir(), 'postern-vault-bare-'));
    try {
      const result = withEnv(
        { ...process.env, HOME: bare, XDG_DATA_HOME: join(bare, 'data'), XDG_RUNTIME_DIR: bare },
        'dbus-run-session',
        '--',
        process.execPath,
        probe,
        'seal',
        SERVICE,
        AAD,
        'never stored',
      );
      expect(result.output.error).toBe('KEYCHAIN_UNAVAILABLE');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
