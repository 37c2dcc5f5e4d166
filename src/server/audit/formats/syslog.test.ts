import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealEntry, type AuditEntryDraft } from '../chain.js';
import type { AuditEntry } from '../entry.js';
import { escapeSdValue, headerField, syslogTimestamp, SYSLOG_SD_ID, toSyslog } from './syslog.js';

const KEY = randomBytes(32);

function entry(overrides: Partial<AuditEntryDraft> = {}): AuditEntry {
  return sealEntry(
    KEY,
    {
      chain: 't_1', id: 'ae_7', at: Date.UTC(2024, 1, 29, 23, 59, 58, 7), action: 'team.add_member', actorId: 'u_1',
      actorEmail: 'admin@example.com', targetType: 'user', targetId: 'u_2', teamId: 't_1', ip: '198.51.100.1',
      userAgent: 'Postern/0.1.0', details: { roles: ['developer'] }, ...overrides,
    },
    null,
  );
}

// Built from the RFC 5424 §6 ABNF, one piece per rule.
const PRINTUSASCII = '[\\x21-\\x7e]';
const SD_NAME = '[\\x21\\x23-\\x3c\\x3e-\\x5c\\x5e-\\x7e]{1,32}'; // PRINTUSASCII except '=', ']', '"'
const PRIVAL = '(?:[0-9]|[1-9][0-9]|1[0-8][0-9]|19[01])';
const VERSION = '[1-9][0-9]{0,2}';
const FULL_DATE = '[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])';
const PARTIAL_TIME = '(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]{1,6})?';
const TIME_OFFSET = '(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])';
const TIMESTAMP = `(?:-|${FULL_DATE}T${PARTIAL_TIME}${TIME_OFFSET})`;
const HEADER = `<${PRIVAL}>${VERSION} ${TIMESTAMP} (?:-|${PRINTUSASCII}{1,255}) (?:-|${PRINTUSASCII}{1,48}) (?:-|${PRINTUSASCII}{1,128}) (?:-|${PRINTUSASCII}{1,32})`;
const PARAM_VALUE = '(?:[^"\\\\\\]\\x00-\\x1f\\x7f]|\\\\["\\\\\\]])*'; // '"', '\' and ']' only escaped; no control characters
const SD_ELEMENT = `\\[${SD_NAME}(?: ${SD_NAME}="${PARAM_VALUE}")*\\]`;
const STRUCTURED_DATA = `(?:-|(?:${SD_ELEMENT})+)`;
const MSG = '(?: (?:\\uFEFF[^\\x00-\\x1f\\x7f]*|(?!\\uFEFF)[\\x20-\\x7e]*))?';
const SYSLOG_MSG = new RegExp(`^${HEADER} ${STRUCTURED_DATA}${MSG}$`, 'u');

/** Reads the header and the SD params back, undoing the three RFC escapes. */
function parseSyslog(line: string): { pri: number; fields: string[]; sdId: string; params: Record<string, string>; msg: string } {
  const head = /^<(\d+)>1 (\S+) (\S+) (\S+) (\S+) (\S+) \[(\S+)((?: [^=\s]+="(?:[^"\\]|\\.)*")*)\](?: (.*))?$/su.exec(line);
  if (head === null) throw new Error(`not a syslog line: ${line}`);
  const params: Record<string, string> = {};
  for (const match of (head[8] ?? '').matchAll(/ ([^=\s]+)="((?:[^"\\]|\\.)*)"/g)) {
    params[match[1] as string] = (match[2] as string).replace(/\\(["\\\]])/g, '$1');
  }
  return { pri: Number(head[1]), fields: head.slice(2, 7) as string[], sdId: head[7] as string, params, msg: head[9] ?? '' };
}

describe('toSyslog', () => {
  it('matches the RFC 5424 grammar', () => {
    const lines = [
      toSyslog(entry(), { hostname: 'audit.example.com' }),
      toSyslog(entry({ action: 'user.login_failed', actorEmail: 'ünï@example.com' }), { hostname: 'h', appName: 'a', procId: '4242' }),
      toSyslog(entry({ actorId: null, actorEmail: null, targetType: null, targetId: null, teamId: null, chain: 'system', ip: null, userAgent: null }), { hostname: '' }),
      toSyslog(entry({ userAgent: 'a"b\\c]d\ne' }), { hostname: 'x y', appName: 'ä'.repeat(60), procId: 'p'.repeat(200) }),
    ];
    for (const line of lines) expect(line).toMatch(SYSLOG_MSG);
  });

  it('is a complete message by itself: no `logger --rfc5424` wrapping is needed', () => {
    const line = toSyslog(entry(), { hostname: 'audit.example.com', procId: '99' });
    const parsed = parseSyslog(line);
    expect(parsed.fields).toEqual(['2024-02-29T23:59:58.007Z', 'audit.example.com', 'postern-server', '99', 'team.add_member']);
    expect(parsed.sdId).toBe(SYSLOG_SD_ID);
    expect(SYSLOG_SD_ID).toBe('postern@32473');
    expect(line).not.toMatch(/[\r\n]/);
  });

  it('picks facility and severity from the action', () => {
    const pri = (action: AuditEntryDraft['action']): number => parseSyslog(toSyslog(entry({ action }), { hostname: 'h' })).pri;
    expect(pri('user.login_failed')).toBe(10 * 8 + 4); // authpriv.warning
    expect(pri('user.login')).toBe(10 * 8 + 6); // authpriv.info
    expect(pri('user.password_change')).toBe(10 * 8 + 5); // authpriv.notice
    expect(pri('team.add_member')).toBe(13 * 8 + 6); // log audit.info
    expect(pri('team.plan_change')).toBe(13 * 8 + 5); // log audit.notice
  });

  it('carries the entry as structured data, leaving out nulls', () => {
    const { params } = parseSyslog(toSyslog(entry({ ip: null }), { hostname: 'h' }));
    expect(params).toMatchObject({
      action: 'team.add_member', category: 'team', id: 'ae_7', chain: 't_1', seq: '1', teamId: 't_1', actorId: 'u_1',
      actorEmail: 'admin@example.com', targetType: 'user', targetId: 'u_2', userAgent: 'Postern/0.1.0', details: '{"roles":["developer"]}',
    });
    expect(params).not.toHaveProperty('ip');
    expect(params['hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('escapes quotes, backslashes and brackets in values so they round-trip', () => {
    const hostile = 'say "hi"] [other@1 x="y"] c:\\dir\\';
    const line = toSyslog(entry({ userAgent: hostile, details: { q: 'a"]\\' } }), { hostname: 'h' });
    expect(line).toMatch(SYSLOG_MSG);
    const { params } = parseSyslog(line);
    expect(params['userAgent']).toBe(hostile);
    expect(JSON.parse(params['details'] ?? '')).toEqual({ q: 'a"]\\' });
    // Only the element's own closing bracket is unescaped, so a receiver sees one SD element.
    expect(line.match(/(?<!\\)\]/g)).toHaveLength(1);
  });

  it('keeps one line when values hold line breaks or control characters', () => {
    const line = toSyslog(entry({ userAgent: 'evil\n<13>1 - forged - - - -', actorEmail: 'a\r\nb@example.com' }), { hostname: 'h' });
    expect([...line].filter((char) => char < ' ')).toEqual([]);
    expect(line).toMatch(SYSLOG_MSG);
    expect(parseSyslog(line).params['userAgent']).toBe('evil\uFFFD<13>1 - forged - - - -');
  });

  it('adds a BOM to the message only when it is not plain ASCII', () => {
    expect(parseSyslog(toSyslog(entry(), { hostname: 'h' })).msg).toBe('Member added to team by admin@example.com on user u_2 in team t_1');
    const unicode = parseSyslog(toSyslog(entry({ actorEmail: 'zoë@example.com' }), { hostname: 'h' })).msg;
    expect(unicode.startsWith('\uFEFF')).toBe(true);
    expect(unicode).toContain('zoë@example.com');
  });
});

describe('syslog pieces', () => {
  it('escapes exactly the three characters RFC 5424 names', () => {
    expect(escapeSdValue('"')).toBe('\\"');
    expect(escapeSdValue('\\')).toBe('\\\\');
    expect(escapeSdValue(']')).toBe('\\]');
    expect(escapeSdValue('[=| ok')).toBe('[=| ok');
    expect(escapeSdValue('tab\there')).toBe('tab\uFFFDhere');
  });

  it('formats timestamps as RFC 3339 UTC with milliseconds', () => {
    expect(syslogTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(syslogTimestamp(Date.UTC(2030, 11, 31, 12, 0, 0, 999))).toBe('2030-12-31T12:00:00.999Z');
    expect(syslogTimestamp(Date.UTC(10000, 0, 1))).toBe('-');
    expect(syslogTimestamp(Number.NaN)).toBe('-');
  });

  it('keeps header fields printable ASCII, within length, and NILVALUE when absent', () => {
    expect(headerField(undefined, 128)).toBe('-');
    expect(headerField('', 48)).toBe('-');
    expect(headerField('my host\tname', 255)).toBe('my_host_name');
    expect(headerField('hôte', 255)).toBe('h_te');
    expect(headerField('a'.repeat(300), 255)).toHaveLength(255);
    const line = toSyslog(entry(), { hostname: 'h'.repeat(300), appName: 'x'.repeat(60), procId: '9'.repeat(200) });
    const fields = parseSyslog(line).fields;
    expect(fields.slice(1, 4).map((field) => field.length)).toEqual([255, 48, 128]);
  });
});
