import { userInfo } from 'node:os';
import { LINUX_POLICY_DIR, readJsonPolicyDir } from './sources/json-dir.js';
import { macPolicyPaths, readPlistPolicyFile } from './sources/plist-file.js';
import { readRegistryPolicies, type CommandRunner } from './sources/registry.js';
import { resolveEffectivePolicy } from './resolve.js';
import type { EffectivePolicy, PolicyDocument } from './types.js';

export interface LoadPolicyOptions {
  readonly platform?: NodeJS.Platform;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Runs `reg query` on Windows; tests inject captured output. */
  readonly runCommand?: CommandRunner;
  /** The user's own settings, as policy key → value (see userValuesFromSettings). */
  readonly userValues?: Readonly<Record<string, unknown>>;
  /** For macOS: the per-user managed preferences folder. */
  readonly userName?: string;
}

/**
 * The policy documents for this OS. `POSTERN_POLICY_DIR` replaces the Linux directory; when it is set
 * it is read on every OS (tests and admins use it), instead of the OS's own stores.
 */
export async function readPolicyDocuments(options: LoadPolicyOptions = {}): Promise<PolicyDocument[]> {
  const env = options.env ?? process.env;
  const dir = env['POSTERN_POLICY_DIR'];
  if (dir !== undefined && dir !== '') return readJsonPolicyDir(dir, 'machine');
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return readRegistryPolicies(options.runCommand);
  if (platform === 'darwin') {
    const docs: PolicyDocument[] = [];
    for (const { path, level } of macPolicyPaths(options.userName ?? safeUserName())) {
      const doc = await readPlistPolicyFile(path, level);
      if (doc) docs.push(doc);
    }
    return docs;
  }
  return readJsonPolicyDir(LINUX_POLICY_DIR, 'machine');
}

/** Reads every source for this OS and resolves the effective settings. Never throws for bad policy. */
export async function loadEffectivePolicy(options: LoadPolicyOptions = {}): Promise<EffectivePolicy> {
  return resolveEffectivePolicy(await readPolicyDocuments(options), options.userValues);
}

function safeUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
