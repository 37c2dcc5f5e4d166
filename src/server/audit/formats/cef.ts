import { isIP } from 'node:net';
import { POSTERN_VERSION } from '../../../version.js';
import { auditActionInfo } from '../actions.js';
import { canonicalJson, type AuditEntry } from '../entry.js';
import { cefSeverity } from './severity.js';

/**
 * ArcSight Common Event Format (CEF:0) export, one event per line:
 * `CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|key=value key=value…`.
 * Header fields escape `\` and `|`; extension values escape `\` and `=` and write line breaks as `\n`
 * and `\r`. Values are cut to the lengths in the ArcSight extension dictionary.
 */

export interface CefProduct {
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
}

export const DEFAULT_CEF_PRODUCT: CefProduct = { vendor: 'Postern', product: 'Postern Server', version: POSTERN_VERSION };

export function toCef(entry: AuditEntry, product: CefProduct = DEFAULT_CEF_PRODUCT): string {
  const info = auditActionInfo(entry.action);
  const header = [
    'CEF:0',
    escapeCefHeader(product.vendor),
    escapeCefHeader(product.product),
    escapeCefHeader(product.version),
    escapeCefHeader(entry.action),
    escapeCefHeader(info.description),
    String(cefSeverity(entry.action)),
  ];
  const extension: string[] = [];
  // Absent (null) values are left out, and a custom field's label only goes with its value.
  const add = (key: string, value: string | number | null, limit?: number, label?: string): void => {
    if (value === null) return;
    if (label !== undefined) extension.push(`${key}Label=${escapeCefValue(label)}`);
    const text = String(value);
    extension.push(`${key}=${escapeCefValue(limit === undefined ? text : cut(text, limit))}`);
  };
  add('rt', entry.at);
  add('act', entry.action, 63);
  add('cat', info.category, 1023);
  add('externalId', entry.id, 40);
  add('suid', entry.actorId, 1023);
  add('suser', entry.actorEmail, 1023);
  addSourceAddress(add, entry.ip);
  add('requestClientApplication', entry.userAgent, 1023);
  add('cs1', entry.teamId, 4000, 'teamId');
  add('cs2', entry.targetType, 4000, 'targetType');
  add('cs3', entry.targetId, 4000, 'targetId');
  add('cs4', canonicalJson(entry.details, 'details'), 4000, 'details');
  add('cs5', entry.chain, 4000, 'chain');
  add('cn1', entry.seq, undefined, 'seq');
  add('cs6', entry.hash, 4000, 'hash');
  return `${header.join('|')}|${extension.join(' ')}`;
}

/** Header field: backslash and pipe escaped; line breaks are not allowed in the header, so become spaces. */
export function escapeCefHeader(value: string): string {
  return value.replace(/[\\|]/g, (char) => `\\${char}`).replace(/\r\n|[\r\n]/g, ' ');
}

/** Extension value: backslash and equals escaped, line breaks written as `\n` / `\r`. */
export function escapeCefValue(value: string): string {
  return value.replace(/[\\=\r\n]/g, (char) => (char === '\n' ? '\\n' : char === '\r' ? '\\r' : `\\${char}`));
}

// `src` holds an IPv4 address; IPv6 goes in the custom IPv6 field, and anything else (a proxy's
// unparsed header) in a flex string so it is not lost.
function addSourceAddress(add: (key: string, value: string, limit?: number, label?: string) => void, ip: string | null): void {
  if (ip === null) return;
  const family = isIP(ip);
  if (family === 4) add('src', ip);
  else if (family === 6) add('c6a2', ip, undefined, 'Source IPv6 Address');
  else add('flexString1', ip, 1023, 'sourceAddress');
}

// Cut to `limit` UTF-16 units without splitting a surrogate pair.
function cut(value: string, limit: number): string {
  if (value.length <= limit) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(limit - 1)) ? limit - 1 : limit;
  return value.slice(0, end);
}
