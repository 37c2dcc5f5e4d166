import type { Writable } from 'node:stream';
import type { SendOptions } from '../../engine/index.js';
import { PosternError } from '../../model/index.js';
import { applyPolicyFloor, describeProblem, loadEffectivePolicy, type EffectivePolicy } from '../../policy/index.js';

/** The managed policy as a command applies it: the TLS floor for every request, and script limits. */
export interface CommandPolicy {
  readonly floor: (options: SendOptions) => SendOptions;
  readonly scriptsDisabled: boolean;
  /** Ceilings set by policy (absent when only the default applies). */
  readonly scriptTimeoutMs: number | undefined;
  readonly scriptMemoryBytes: number | undefined;
}

/**
 * Reads the machine's and the user's policy (or POSTERN_POLICY_DIR) once per command. Problems in a
 * profile are reported on stderr, one line each; security keys have already failed closed.
 */
export async function commandPolicy(stderr: Writable): Promise<CommandPolicy> {
  const policy = await loadEffectivePolicy();
  for (const problem of policy.problems) stderr.write(`postern: policy: ${describeProblem(problem)}\n`);
  return {
    floor: (options) => applyPolicyFloor(options, policy),
    scriptsDisabled: fromPolicy(policy, 'DisableScripts') === true,
    scriptTimeoutMs: numberFromPolicy(policy, 'ScriptTimeoutMs'),
    scriptMemoryBytes: ((mb) => (mb === undefined ? undefined : mb * 1024 * 1024))(numberFromPolicy(policy, 'ScriptMemoryLimitMb')),
  };
}

/** The value only when a policy (not a default or a user setting) set it. */
function fromPolicy(policy: EffectivePolicy, key: string): unknown {
  const entry = policy.entries.find((e) => e.key === key);
  return entry && (entry.source === 'machine-policy' || entry.source === 'user-policy') ? entry.value : undefined;
}

function numberFromPolicy(policy: EffectivePolicy, key: string): number | undefined {
  const value = fromPolicy(policy, key);
  return typeof value === 'number' ? value : undefined;
}

export function scriptsDisabledError(): PosternError {
  return new PosternError('INVALID_INPUT', 'this collection has scripts, and scripts are disabled by your organisation (policy DisableScripts)', { path: 'postern run' });
}
