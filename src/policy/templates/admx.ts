import { POLICY_KEYS, type PolicyCategory, type PolicyKeyDefinition } from '../keys.js';
import { categoryId, explainText, titleOf, xmlEscape as x } from './names.js';

const NS = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"';
export const REGISTRY_KEY = 'Software\\Policies\\Postern';
const SUPPORTED = 'SUPPORTED_POSTERN_0_1';

function categories(): PolicyCategory[] {
  return [...new Set(POLICY_KEYS.map((k) => k.category))];
}

/** The ADMX: one policy per key, class Both (HKLM is machine policy, HKCU user policy). */
export function renderAdmx(): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated from src/policy/keys.ts by `postern policy templates`; do not edit by hand. -->',
    `<policyDefinitions ${NS}>`,
    '  <policyNamespaces>',
    '    <target prefix="postern" namespace="Postern.Policies.Postern"/>',
    '    <using prefix="windows" namespace="Microsoft.Policies.Windows"/>',
    '  </policyNamespaces>',
    '  <resources minRequiredRevision="1.0"/>',
    `  <supportedOn><definitions><definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})"/></definitions></supportedOn>`,
    '  <categories>',
    '    <category name="Postern" displayName="$(string.Postern)"/>',
    ...categories().map((c) => `    <category name="${categoryId(c)}" displayName="$(string.${categoryId(c)})"><parentCategory ref="Postern"/></category>`),
    '  </categories>',
    '  <policies>',
    ...POLICY_KEYS.flatMap(policy),
    '  </policies>',
    '</policyDefinitions>',
    '',
  ];
  return lines.join('\n');
}

function policy(def: PolicyKeyDefinition): string[] {
  const n = def.name;
  const head = `    <policy name="${n}" class="Both" displayName="$(string.${n})" explainText="$(string.${n}_Explain)"`;
  const common = [`      <parentCategory ref="${categoryId(def.category)}"/>`, `      <supportedOn ref="${SUPPORTED}"/>`];
  const k = def.kind;
  if (k.type === 'boolean') {
    return [`${head} key="${REGISTRY_KEY}" valueName="${n}">`, ...common, '      <enabledValue><decimal value="1"/></enabledValue>', '      <disabledValue><decimal value="0"/></disabledValue>', '    </policy>'];
  }
  let element: string[];
  switch (k.type) {
    case 'integer':
      element = [`        <decimal id="${n}" valueName="${n}" minValue="${k.min}" maxValue="${k.max}"/>`];
      break;
    case 'enum':
      element = [`        <enum id="${n}" valueName="${n}">`, ...k.values.map((v) => `          <item displayName="$(string.${n}_${v})"><value><string>${x(v)}</string></value></item>`), '        </enum>'];
      break;
    case 'stringList':
      element = [`        <list id="${n}" key="${REGISTRY_KEY}\\${n}" valuePrefix=""/>`];
      break;
    case 'string':
    case 'objectList':
      element = [`        <text id="${n}" valueName="${n}" maxLength="${k.type === 'string' ? 2048 : 32768}"/>`];
      break;
  }
  return [`${head} presentation="$(presentation.${n})" key="${REGISTRY_KEY}">`, ...common, '      <elements>', ...element, '      </elements>', '    </policy>'];
}

/** The en-US ADML: titles, explanations and the presentation of each value. */
export function renderAdml(): string {
  const strings: Array<[string, string]> = [['Postern', 'Postern'], [SUPPORTED, 'Postern 0.1 or later'], ...categories().map((c): [string, string] => [categoryId(c), c])];
  for (const def of POLICY_KEYS) {
    strings.push([def.name, titleOf(def)], [`${def.name}_Explain`, explainText(def)]);
    if (def.kind.type === 'enum') for (const v of def.kind.values) strings.push([`${def.name}_${v}`, v]);
  }
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated from src/policy/keys.ts by `postern policy templates`; do not edit by hand. -->',
    `<policyDefinitionResources ${NS}>`,
    '  <displayName>Postern</displayName>',
    '  <description>Managed configuration for the Postern API client.</description>',
    '  <resources>',
    '    <stringTable>',
    ...strings.map(([id, text]) => `      <string id="${id}">${x(text)}</string>`),
    '    </stringTable>',
    '    <presentationTable>',
    ...POLICY_KEYS.filter((d) => d.kind.type !== 'boolean').map(presentation),
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ];
  return lines.join('\n');
}

function presentation(def: PolicyKeyDefinition): string {
  const n = def.name;
  const label = x(titleOf(def));
  const k = def.kind;
  const inner =
    k.type === 'integer' ? `<decimalTextBox refId="${n}" defaultValue="${String(def.default)}">${label}</decimalTextBox>`
      : k.type === 'enum' ? `<dropdownList refId="${n}" noSort="true" defaultItem="0">${label}</dropdownList>`
        : k.type === 'stringList' ? `<listBox refId="${n}">${label}</listBox>`
          : `<textBox refId="${n}"><label>${k.type === 'objectList' ? `${label} (JSON)` : label}</label></textBox>`;
  return `      <presentation id="${n}">${inner}</presentation>`;
}
