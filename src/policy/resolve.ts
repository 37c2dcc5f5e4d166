import { POLICY_KEYS, policyKey } from './keys.js';
import type { EffectiveEntry, EffectivePolicy, PolicyDocument, PolicyLevel, PolicyProblem } from './types.js';
import { checkPolicyValue } from './validate.js';

/**
 * Machine policy > user policy > user settings > defaults. Within a level, earlier documents win.
 * A malformed security key (or a document that cannot be read at all) fails closed: the key takes its
 * strictest value, locked. Any other malformed key is ignored and the next layer decides.
 */
export function resolveEffectivePolicy(documents: readonly PolicyDocument[], userValues: Readonly<Record<string, unknown>> = {}): EffectivePolicy {
  const problems: PolicyProblem[] = [];
  for (const doc of documents) {
    if (doc.error !== undefined) problems.push({ level: doc.level, origin: doc.origin, message: doc.error, action: 'failed-closed' });
    for (const name of Object.keys(doc.values ?? {})) {
      if (!policyKey(name)) problems.push({ level: doc.level, origin: doc.origin, key: name, message: `unknown policy key${nearest(name)}`, action: 'ignored' });
    }
  }
  const ordered = (['machine', 'user'] as const).flatMap((level) => documents.filter((d) => d.level === level));
  const entries = POLICY_KEYS.map((def): EffectiveEntry => {
    for (const doc of ordered) {
      const source = sourceOf(doc.level);
      if (doc.error !== undefined) {
        if (def.security) return { key: def.name, value: def.strictest, source, locked: true, security: true, origin: doc.origin, failedClosed: true };
        continue;
      }
      const values = doc.values ?? {};
      if (!Object.hasOwn(values, def.name)) continue;
      const checked = checkPolicyValue(def, values[def.name], doc.format);
      if (checked.ok) return { key: def.name, value: checked.value, source, locked: true, security: def.security, origin: doc.origin };
      problems.push({ level: doc.level, origin: doc.origin, key: def.name, message: checked.message, action: def.security ? 'failed-closed' : 'ignored' });
      if (def.security) return { key: def.name, value: def.strictest, source, locked: true, security: true, origin: doc.origin, failedClosed: true };
    }
    if (Object.hasOwn(userValues, def.name) && userValues[def.name] !== undefined) {
      const checked = checkPolicyValue(def, userValues[def.name], 'json');
      if (checked.ok) return { key: def.name, value: checked.value, source: 'user-setting', locked: false, security: def.security };
    }
    return { key: def.name, value: def.default, source: 'default', locked: false, security: def.security };
  });
  return { entries, problems };
}

function sourceOf(level: PolicyLevel): 'machine-policy' | 'user-policy' {
  return level === 'machine' ? 'machine-policy' : 'user-policy';
}

/** A hint for a misspelt key: the known key that matches case-insensitively. */
function nearest(name: string): string {
  const match = POLICY_KEYS.find((k) => k.name.toLowerCase() === name.toLowerCase());
  return match ? ` (did you mean ${match.name}?)` : '';
}

/** The effective value of one key. */
export function policyValue(policy: EffectivePolicy, key: string): unknown {
  return policy.entries.find((e) => e.key === key)?.value;
}

/** One line for a person: where, which key, what is wrong, what the app did. */
export function describeProblem(problem: PolicyProblem): string {
  const what = problem.key ? `${problem.origin}: ${problem.key}: ${problem.message}` : `${problem.origin}: ${problem.message}`;
  const done = problem.action === 'failed-closed' ? (problem.key ? 'security key set to its strictest value' : 'security keys set to their strictest values') : 'ignored';
  return `${what} (${done})`;
}
