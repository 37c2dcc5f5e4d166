import { readFile } from 'node:fs/promises';
import { DOMParser } from '@xmldom/xmldom';
import { parse, parseBinary, type PlistValue } from 'plist';
import type { PolicyDocument, PolicyLevel } from '../types.js';
import { errorText, isCode } from './json-dir.js';

export const MAC_BUNDLE_ID = 'dev.postern.app';

/** The macOS places, highest precedence first. Per-user managed preferences sit in a folder named for the user. */
export function macPolicyPaths(user: string | undefined, bundleId = MAC_BUNDLE_ID): Array<{ path: string; level: PolicyLevel }> {
  return [
    { path: `/Library/Managed Preferences/${bundleId}.plist`, level: 'machine' },
    { path: `/Library/Preferences/${bundleId}.plist`, level: 'machine' },
    ...(user ? [{ path: `/Library/Managed Preferences/${user}/${bundleId}.plist`, level: 'user' as const }] : []),
  ];
}

/** One plist file (XML or binary); `null` when it does not exist. */
export async function readPlistPolicyFile(path: string, level: PolicyLevel): Promise<PolicyDocument | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    return { level, origin: path, format: 'plist', error: `cannot read the policy file: ${errorText(error)}` };
  }
  return parsePlistPolicy(bytes, path, level);
}

export function parsePlistPolicy(bytes: Buffer, origin: string, level: PolicyLevel): PolicyDocument {
  let root: PlistValue;
  const binary = bytes.subarray(0, 8).toString('latin1') === 'bplist00';
  try {
    if (binary) root = parseBinary(new Uint8Array(bytes));
    else {
      const xml = bytes.toString('utf8');
      checkWellFormed(xml);
      root = parse(xml);
    }
  } catch (error) {
    return { level, origin, format: 'plist', error: `not a valid ${binary ? 'binary' : 'XML'} plist: ${errorText(error)}` };
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root) || root instanceof Date || root instanceof Uint8Array) {
    return { level, origin, format: 'plist', error: `expected a plist <dict> of policy keys at the top, got ${kindOf(root)}` };
  }
  return { level, origin, format: 'plist', values: root };
}

/**
 * The plist library's XML parser logs malformed input to the console; checking first with a parser
 * that throws keeps a bad profile to one reported line.
 */
function checkWellFormed(xml: string): void {
  new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message.split('\n')[0]);
    },
  }).parseFromString(xml, 'text/xml');
}

function kindOf(value: PlistValue): string {
  if (Array.isArray(value)) return 'an <array>';
  if (value instanceof Date) return 'a <date>';
  if (value instanceof Uint8Array) return '<data>';
  if (value === null) return 'nothing';
  return `a ${typeof value}`;
}
