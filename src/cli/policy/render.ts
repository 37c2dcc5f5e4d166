import type { EffectiveEntry, EffectivePolicy, PolicyDocument, PolicySource, ProfileCheck } from '../../policy/index.js';
import { describeProblem } from '../../policy/index.js';

const SOURCE_LABEL: Readonly<Record<PolicySource, string>> = {
  'machine-policy': 'machine policy',
  'user-policy': 'user policy',
  'user-setting': 'user setting',
  default: 'default',
};

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A table like a browser's policy page: key, value, source, locked; then what was rejected. */
export function renderPolicyTable(policy: EffectivePolicy, documents: readonly PolicyDocument[]): string {
  const rows = policy.entries.map((e: EffectiveEntry) => [
    e.key,
    valueText(e.value),
    SOURCE_LABEL[e.source],
    e.locked ? (e.failedClosed ? 'locked (failed closed)' : 'locked') : '',
  ]);
  const header = ['KEY', 'VALUE', 'SOURCE', 'LOCKED'];
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];
  out.push('', documents.length === 0 ? 'Policy sources: none found' : 'Policy sources:');
  for (const d of documents) out.push(`  ${d.level} policy: ${d.origin}${d.error !== undefined ? ' (rejected)' : ''}`);
  if (policy.problems.length > 0) {
    out.push('', `Problems (${policy.problems.length}):`);
    for (const p of policy.problems) out.push(`  ${describeProblem(p)}`);
  }
  return `${out.join('\n')}\n`;
}

export function policyJson(policy: EffectivePolicy, documents: readonly PolicyDocument[]): Record<string, unknown> {
  return {
    entries: policy.entries.map((e) => ({ key: e.key, value: e.value ?? null, source: e.source, locked: e.locked, security: e.security, origin: e.origin ?? null, failedClosed: e.failedClosed === true })),
    sources: documents.map((d) => ({ level: d.level, origin: d.origin, format: d.format, rejected: d.error !== undefined })),
    problems: policy.problems.map((p) => ({ ...p, key: p.key ?? null, line: describeProblem(p) })),
  };
}

export function renderCheck(check: ProfileCheck): string {
  if (check.problems.length === 0) return `${check.file}: ok (${check.accepted.length} key${check.accepted.length === 1 ? '' : 's'}: ${check.accepted.join(', ') || 'none'})\n`;
  const lines = check.problems.map((p) => (p.key ? `${p.origin}: ${p.key}: ${p.message}` : `${p.origin}: ${p.message}`));
  const closed = check.problems.filter((p) => p.action === 'failed-closed').length;
  lines.push(`${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}${closed > 0 ? ` (${closed} would make security keys fail closed)` : ''}; fix them before deploying`);
  return `${lines.join('\n')}\n`;
}
