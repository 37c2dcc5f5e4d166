import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse } from 'plist';
import { describe, expect, it } from 'vitest';
import { POLICY_KEYS, POLICY_TEMPLATE_FILES, checkPolicyProfile, parseJsonPolicy, policyValue, renderPolicyKeyTable, renderPolicyTemplates, resolveEffectivePolicy } from '../../src/policy/index.js';

const INSTALLERS = join(import.meta.dirname, '..', '..', 'installers', 'policy');
const REGENERATE = 'run `postern policy templates installers/policy` (or node bin/postern.js policy templates installers/policy) after changing src/policy/keys.ts';

describe('admin templates', () => {
  it('the shipped files are exactly what the schema generates (drift test)', async () => {
    for (const [relative, text] of Object.entries(renderPolicyTemplates())) {
      const shipped = await readFile(join(INSTALLERS, relative), 'utf8').catch(() => '(missing)');
      expect(shipped, `${relative} drifted from the schema: ${REGENERATE}`).toBe(text);
    }
  });

  it('ADMX and ADML are well-formed and agree with each other and with every key', () => {
    const files = renderPolicyTemplates();
    const admx = files[POLICY_TEMPLATE_FILES.admx] ?? '';
    const adml = files[POLICY_TEMPLATE_FILES.adml] ?? '';
    expect(XMLValidator.validate(admx)).toBe(true);
    expect(XMLValidator.validate(adml)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['policy', 'string', 'presentation', 'category', 'item'].includes(name) });
    const policies = (xml.parse(admx) as { policyDefinitions: { policies: { policy: Array<Record<string, unknown>> } } }).policyDefinitions.policies.policy;
    expect(policies.map((p) => p['name'])).toEqual(POLICY_KEYS.map((k) => k.name));
    for (const def of POLICY_KEYS) {
      const p = policies.find((x) => x['name'] === def.name) ?? {};
      const elements = (p['elements'] ?? {}) as Record<string, Record<string, unknown>>;
      const expectedElement = { boolean: null, integer: 'decimal', string: 'text', enum: 'enum', stringList: 'list', objectList: 'text' }[def.kind.type];
      if (expectedElement === null) expect(p['valueName'], def.name).toBe(def.name);
      else expect(Object.keys(elements), def.name).toEqual([expectedElement]);
      if (def.kind.type === 'stringList') expect(elements['list']?.['key']).toBe(`Software\\Policies\\Postern\\${def.name}`);
      if (def.kind.type === 'integer') expect([elements['decimal']?.['minValue'], elements['decimal']?.['maxValue']]).toEqual([String(def.kind.min), String(def.kind.max)]);
    }
    const resources = (xml.parse(adml) as { policyDefinitionResources: { resources: { stringTable: { string: Array<{ id: string }> }; presentationTable: { presentation: Array<{ id: string }> } } } }).policyDefinitionResources.resources;
    const stringIds = new Set(resources.stringTable.string.map((s) => s.id));
    const presentationIds = new Set(resources.presentationTable.presentation.map((s) => s.id));
    for (const [, kind, id] of admx.matchAll(/\$\((string|presentation)\.([A-Za-z0-9_]+)\)/g)) {
      expect((kind === 'string' ? stringIds : presentationIds).has(id ?? ''), `${kind}.${id} is defined in the ADML`).toBe(true);
    }
  });

  it('the example profiles pass `policy check` and set every key', async () => {
    for (const relative of [POLICY_TEMPLATE_FILES.linuxExample, POLICY_TEMPLATE_FILES.mobileconfig]) {
      const check = await checkPolicyProfile(join(INSTALLERS, relative));
      expect(check.problems, relative).toEqual([]);
      expect([...check.accepted].sort(), relative).toEqual(POLICY_KEYS.map((k) => k.name).sort());
    }
    const profile = parse(renderPolicyTemplates()[POLICY_TEMPLATE_FILES.mobileconfig] ?? '') as Record<string, unknown>;
    expect(profile['PayloadType']).toBe('Configuration');
  });

  it('the JSON Schema lists every key with its type and security flag, and nothing else', () => {
    const schema = JSON.parse(renderPolicyTemplates()[POLICY_TEMPLATE_FILES.jsonSchema] ?? '{}') as { additionalProperties: boolean; properties: Record<string, { type: string; 'x-security': boolean; enum?: string[] }> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(POLICY_KEYS.map((k) => k.name));
    const jsonType = { boolean: 'boolean', integer: 'integer', string: 'string', enum: 'string', stringList: 'array', objectList: 'array' } as const;
    for (const def of POLICY_KEYS) {
      expect(schema.properties[def.name]?.type, def.name).toBe(jsonType[def.kind.type]);
      expect(schema.properties[def.name]?.['x-security'], def.name).toBe(def.security);
      if (def.kind.type === 'enum') expect(schema.properties[def.name]?.enum).toEqual(def.kind.values);
    }
  });
});

describe('the admin guide', () => {
  it('lists every key exactly as the schema defines it', async () => {
    const doc = await readFile(join(import.meta.dirname, '..', '..', 'docs', 'policy.md'), 'utf8');
    const section = /<!-- keys:start[^>]*-->\n([\s\S]*?)\n<!-- keys:end -->/.exec(doc)?.[1];
    expect(section, 'docs/policy.md: the generated key table drifted; paste renderPolicyKeyTable() between the markers').toBe(renderPolicyKeyTable());
  });

  it('its Linux example passes the checker', async () => {
    const doc = await readFile(join(import.meta.dirname, '..', '..', 'docs', 'policy.md'), 'utf8');
    const json = /Linux \(`\/etc\/postern\/policies\/postern.json`\):\n\n```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const check = resolveEffectivePolicy([parseJsonPolicy(json, 'docs/policy.md')]);
    expect(check.problems).toEqual([]);
    expect(policyValue(check, 'MinimumTlsVersion')).toBe('TLSv1_2');
  });
});
