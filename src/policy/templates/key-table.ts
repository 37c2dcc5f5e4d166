import { POLICY_KEYS, type PolicyKeyDefinition } from '../keys.js';

function typeText(def: PolicyKeyDefinition): string {
  const k = def.kind;
  switch (k.type) {
    case 'boolean':
      return 'boolean (registry: DWORD 0/1)';
    case 'integer':
      return `integer ${k.min}–${k.max} (registry: DWORD)`;
    case 'string':
      return 'string (registry: REG_SZ)';
    case 'enum':
      return `one of ${k.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'stringList':
      return 'list of strings (registry: subkey of values 1, 2, … or REG_MULTI_SZ)';
    case 'objectList':
      return 'list of objects (registry: JSON text in REG_SZ)';
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The table of every key in docs/policy.md; a test keeps the doc equal to it. */
export function renderPolicyKeyTable(): string {
  const rows = POLICY_KEYS.map((def) => {
    const dflt = def.default === null ? 'not set' : `\`${JSON.stringify(def.default)}\``;
    const security = def.security ? `yes: \`${JSON.stringify(def.strictest)}\`` : 'no';
    return `| \`${def.name}\` | ${cell(typeText(def))} | ${dflt} | ${cell(security)} | ${cell(def.description)} |`;
  });
  return ['| key | type | default | security key (fails closed to) | what it does |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
