import { z } from 'zod';
import { build } from 'plist';
import { POLICY_KEYS, policyProfileSchema } from '../keys.js';
import { MAC_BUNDLE_ID } from '../sources/plist-file.js';
import { renderAdml, renderAdmx } from './admx.js';
import { explainText } from './names.js';

/** Where each template goes under installers/policy/. */
export const POLICY_TEMPLATE_FILES = {
  admx: 'windows/postern.admx',
  adml: 'windows/en-US/postern.adml',
  mobileconfig: `macos/${MAC_BUNDLE_ID}.example.mobileconfig`,
  linuxExample: 'linux/postern-policy.example.json',
  jsonSchema: 'postern-policy.schema.json',
} as const;

function exampleValues(): Record<string, unknown> {
  return Object.fromEntries(POLICY_KEYS.map((k) => [k.name, k.example]));
}

/** A JSON Schema of a profile, for editors and CI; `x-security` marks keys that fail closed. */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(policyProfileSchema(), { target: 'draft-2020-12' }) as Record<string, unknown>;
  const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const def of POLICY_KEYS) {
    const prop = properties[def.name];
    if (prop) Object.assign(prop, { description: explainText(def), 'x-security': def.security });
  }
  // The refinement (a pfx, or a cert and a key) is not expressible by zod's converter; say it here.
  const certItems = properties['ClientCertificates']?.['items'];
  if (certItems && typeof certItems === 'object') {
    Object.assign(certItems, { oneOf: [{ required: ['pfx'], not: { anyOf: [{ required: ['cert'] }, { required: ['key'] }] } }, { required: ['cert', 'key'], not: { required: ['pfx'] } }] });
  }
  return `${JSON.stringify({ $id: 'https://postern.dev/schemas/policy.schema.json', title: 'Postern managed policy', ...schema }, null, 2)}\n`;
}

/** A configuration profile with one payload for the app's preference domain. UUIDs are fixed for the example. */
export function renderMobileconfig(): string {
  return build({
    PayloadContent: [
      {
        PayloadType: MAC_BUNDLE_ID,
        PayloadVersion: 1,
        PayloadIdentifier: `${MAC_BUNDLE_ID}.policy`,
        PayloadUUID: '7A1C0E64-3B0B-4C55-9D0A-5A3C1E2F0001',
        PayloadDisplayName: 'Postern policy',
        ...(exampleValues() as Record<string, never>),
      },
    ],
    PayloadDisplayName: 'Postern managed settings (example)',
    PayloadDescription: 'Example: edit the values, delete the keys you do not manage, then sign and deploy with your MDM.',
    PayloadIdentifier: 'com.example.postern',
    PayloadOrganization: 'Example Corp',
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: '7A1C0E64-3B0B-4C55-9D0A-5A3C1E2F0000',
    PayloadVersion: 1,
  }) + '\n';
}

export function renderLinuxExample(): string {
  return `${JSON.stringify(exampleValues(), null, 2)}\n`;
}

/** Every admin template, by its path under installers/policy/. */
export function renderPolicyTemplates(): Record<string, string> {
  return {
    [POLICY_TEMPLATE_FILES.admx]: renderAdmx(),
    [POLICY_TEMPLATE_FILES.adml]: renderAdml(),
    [POLICY_TEMPLATE_FILES.mobileconfig]: renderMobileconfig(),
    [POLICY_TEMPLATE_FILES.linuxExample]: renderLinuxExample(),
    [POLICY_TEMPLATE_FILES.jsonSchema]: renderJsonSchema(),
  };
}
