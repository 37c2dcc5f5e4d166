import { auditActionInfo } from '../actions.js';
import { canonicalJson, type AuditEntry } from '../entry.js';
import { syslogFacility, syslogSeverity } from './severity.js';

/**
 * RFC 5424 syslog export, one complete message per entry (PRI and VERSION included, so it can be written
 * to a socket or file as is):
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [postern@32473 name="value"…] MSG`.
 * The entry's fields travel as structured data; MSG is a short human line.
 */

/** The SD-ID: a name `@` a private enterprise number. 32473 is the IANA example PEN (RFC 5612). */
export const SYSLOG_SD_ID = 'postern@32473';

export interface SyslogOptions {
  readonly hostname: string;
  readonly appName?: string;
  readonly procId?: string;
}

const NIL = '-';
// Header field lengths from the RFC 5424 ABNF.
const HOSTNAME_MAX = 255;
const APP_NAME_MAX = 48;
const PROCID_MAX = 128;
const MSGID_MAX = 32;
const UTF8_BOM = '\uFEFF';

export function toSyslog(entry: AuditEntry, options: SyslogOptions): string {
  const info = auditActionInfo(entry.action);
  const pri = syslogFacility(entry.action) * 8 + syslogSeverity(entry.action);
  const header = [
    `<${pri}>1`,
    syslogTimestamp(entry.at),
    headerField(options.hostname, HOSTNAME_MAX),
    headerField(options.appName ?? 'postern-server', APP_NAME_MAX),
    headerField(options.procId, PROCID_MAX),
    headerField(entry.action, MSGID_MAX),
  ].join(' ');
  const params: [string, string | number | null][] = [
    ['action', entry.action],
    ['category', info.category],
    ['id', entry.id],
    ['chain', entry.chain],
    ['seq', entry.seq],
    ['teamId', entry.teamId],
    ['actorId', entry.actorId],
    ['actorEmail', entry.actorEmail],
    ['targetType', entry.targetType],
    ['targetId', entry.targetId],
    ['ip', entry.ip],
    ['userAgent', entry.userAgent],
    ['details', canonicalJson(entry.details, 'details')],
    ['hash', entry.hash],
  ];
  const sdParams = params
    .filter((param): param is [string, string | number] => param[1] !== null)
    .map(([name, value]) => `${name}="${escapeSdValue(String(value))}"`);
  const structuredData = `[${SYSLOG_SD_ID} ${sdParams.join(' ')}]`;
  return `${header} ${structuredData} ${syslogMessage(entry, info.description)}`;
}

/**
 * An SD-PARAM value: `"`, `\` and `]` escaped with a backslash as RFC 5424 §6.3.3 requires. The RFC has
 * no escape for line breaks, so control characters become U+FFFD to keep the message on one line and
 * free of injected records (the NDJSON export keeps exact values).
 */
export function escapeSdValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return value.replace(/["\\\]\u0000-\u001f\u007f]/g, (char) => (char === '"' || char === '\\' || char === ']' ? `\\${char}` : '\uFFFD'));
}

/** RFC 3339 UTC with milliseconds, or NILVALUE for an instant outside years 0000–9999. */
export function syslogTimestamp(at: number): string {
  const date = new Date(at);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 0 || year > 9999) return NIL;
  // toISOString gives YYYY-MM-DDTHH:mm:ss.sssZ for these years.
  return date.toISOString();
}

/** A header field: printable US-ASCII only (others become `_`), cut to the RFC's length, `-` when absent. */
export function headerField(value: string | undefined, max: number): string {
  if (value === undefined || value === '') return NIL;
  return value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
}

// MSG: readable summary without control characters; UTF-8 text starts with a BOM as §6.4 requires,
// plain ASCII goes as MSG-ANY without one (collectors often show a BOM as junk).
function syslogMessage(entry: AuditEntry, description: string): string {
  const actor = entry.actorEmail ?? entry.actorId ?? 'system';
  const target = entry.targetType === null ? '' : ` on ${entry.targetType}${entry.targetId === null ? '' : ` ${entry.targetId}`}`;
  const team = entry.teamId === null ? '' : ` in team ${entry.teamId}`;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const text = `${description} by ${actor}${target}${team}`.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return /[\u0080-\uffff]/.test(text) ? `${UTF8_BOM}${text}` : text;
}
