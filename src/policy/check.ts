import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { PosternError } from '../model/index.js';
import { policyKey } from './keys.js';
import { resolveEffectivePolicy } from './resolve.js';
import { errorText, parseJsonPolicy } from './sources/json-dir.js';
import { MAC_BUNDLE_ID, parsePlistPolicy } from './sources/plist-file.js';
import { RegFileError, parseRegFile } from './sources/reg-file.js';
import { WINDOWS_POLICY_KEYS, registryToValues, type RegistryKey } from './sources/registry.js';
import type { PolicyDocument, PolicyProblem } from './types.js';

export interface ProfileCheck {
  readonly file: string;
  /** Keys the profile sets with valid values. */
  readonly accepted: readonly string[];
  /** Every problem found; empty when the profile is good to deploy. */
  readonly problems: readonly PolicyProblem[];
}

/**
 * Validates a profile before an admin deploys it: a Linux `.json`, a macOS `.plist` (XML or binary),
 * a `.mobileconfig` (its Postern payloads) or a Windows `.reg` export (its Postern policy keys).
 * Throws only when the file cannot be read at all.
 */
export async function checkPolicyProfile(file: string): Promise<ProfileCheck> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new PosternError('FILE_UNREADABLE', `cannot read the profile: ${errorText(error)}`, { file });
  }
  const ext = extname(file).toLowerCase();
  const docs: PolicyDocument[] =
    ext === '.plist' ? [parsePlistPolicy(bytes, file, 'machine')]
      : ext === '.mobileconfig' ? mobileconfigPayloads(parsePlistPolicy(bytes, file, 'machine'))
        : ext === '.reg' ? regFileDocuments(bytes, file)
          : [parseJsonPolicy(bytes.toString('utf8'), file, 'machine')];
  const problems: PolicyProblem[] = [];
  const accepted: string[] = [];
  for (const doc of docs) {
    // Each document alone, so every bad key is reported (not only the first that wins).
    const effective = resolveEffectivePolicy([doc]);
    problems.push(...effective.problems);
    for (const name of Object.keys(doc.values ?? {})) {
      if (policyKey(name) && !effective.problems.some((p) => p.key === name)) accepted.push(name);
    }
  }
  return { file, accepted, problems };
}

/** The Postern payloads of a configuration profile, each as a document named by its index. */
function mobileconfigPayloads(doc: PolicyDocument): PolicyDocument[] {
  if (!doc.values) return [doc];
  const content = doc.values['PayloadContent'];
  if (!Array.isArray(content)) return [{ ...doc, values: undefined, error: 'expected PayloadContent, an <array> of payload <dict>s' }];
  const payloads: PolicyDocument[] = [];
  content.forEach((payload: unknown, index) => {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      payloads.push({ ...doc, origin: `${doc.origin}: PayloadContent[${index}]`, values: undefined, error: 'expected a payload <dict>' });
      return;
    }
    const entries = Object.entries(payload as Record<string, unknown>);
    if (entries.find(([k]) => k === 'PayloadType')?.[1] !== MAC_BUNDLE_ID) return;
    payloads.push({ ...doc, origin: `${doc.origin}: PayloadContent[${index}]`, values: Object.fromEntries(entries.filter(([k]) => !k.startsWith('Payload'))) });
  });
  if (payloads.length === 0) return [{ ...doc, values: undefined, error: `no payload with PayloadType ${MAC_BUNDLE_ID}` }];
  return payloads;
}

const LONG_HIVE: Readonly<Record<string, string>> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };

/** The HKLM and HKCU Postern policy keys a .reg file sets, one document each. */
function regFileDocuments(bytes: Buffer, file: string): PolicyDocument[] {
  let keys: RegistryKey[];
  try {
    keys = parseRegFile(bytes);
  } catch (error) {
    if (error instanceof RegFileError) return [{ level: 'machine', origin: `${file}:${error.line}`, format: 'registry', error: error.message }];
    throw error;
  }
  const docs: PolicyDocument[] = [];
  for (const { key, level } of WINDOWS_POLICY_KEYS) {
    const [hive = '', ...rest] = key.split('\\');
    const root = [LONG_HIVE[hive] ?? hive, ...rest].join('\\');
    const lower = root.toLowerCase();
    if (!keys.some((k) => k.path.toLowerCase() === lower || k.path.toLowerCase().startsWith(`${lower}\\`))) continue;
    docs.push({ level, origin: `${file}: [${root}]`, format: 'registry', values: registryToValues(root, keys) });
  }
  if (docs.length === 0) return [{ level: 'machine', origin: file, format: 'registry', error: 'sets no key under HKEY_LOCAL_MACHINE or HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Postern' }];
  return docs;
}
