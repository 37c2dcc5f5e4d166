import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { POSTERN_VERSION } from '../../../version.js';
import { sealEntry, type AuditEntryDraft } from '../chain.js';
import type { AuditEntry } from '../entry.js';
import { escapeCefHeader, escapeCefValue, toCef } from './cef.js';

const KEY = randomBytes(32);

function entry(overrides: Partial<AuditEntryDraft> = {}): AuditEntry {
  return sealEntry(
    KEY,
    {
      chain: 't_1', id: 'ae_42', at: 1_700_000_000_123, action: 'user.login_failed', actorId: 'u_1', actorEmail: 'eve@example.com',
      targetType: 'user', targetId: 'u_1', teamId: 't_1', ip: '203.0.113.5', userAgent: 'curl/8.5.0', details: { reason: 'bad_password' },
      ...overrides,
    },
    null,
  );
}

interface ParsedCef {
  readonly header: string[];
  readonly extension: Record<string, string>;
}

/** An independent CEF reader: splits the header on unescaped pipes, then finds `key=` at unescaped `=`. */
function parseCef(line: string): ParsedCef {
  const header: string[] = [];
  let field = '';
  let index = 0;
  while (header.length < 7) {
    const char = line[index];
    if (char === undefined) throw new Error(`header ends after ${header.length} fields`);
    if (char === '\\') {
      field += line[index + 1] ?? '';
      index += 2;
    } else if (char === '|') {
      header.push(field);
      field = '';
      index += 1;
    } else {
      field += char;
      index += 1;
    }
  }
  const rest = line.slice(index);
  // Positions of unescaped '=': each belongs to the key word just before it.
  const keys: { key: string; keyStart: number; valueStart: number }[] = [];
  for (let at = 0; at < rest.length; at += 1) {
    if (rest[at] === '\\') {
      at += 1;
      continue;
    }
    if (rest[at] !== '=') continue;
    let keyStart = at;
    while (keyStart > 0 && /[A-Za-z0-9_]/.test(rest.charAt(keyStart - 1))) keyStart -= 1;
    if (keyStart === at) throw new Error(`'=' without a key at ${at}`);
    keys.push({ key: rest.slice(keyStart, at), keyStart, valueStart: at + 1 });
  }
  const extension: Record<string, string> = {};
  keys.forEach(({ key, valueStart }, position) => {
    const next = keys[position + 1];
    const raw = rest.slice(valueStart, next === undefined ? rest.length : next.keyStart - 1);
    extension[key] = raw.replace(/\\([\\=nr|])/g, (_all, char: string) => (char === 'n' ? '\n' : char === 'r' ? '\r' : char));
  });
  return { header, extension };
}

describe('CEF escaping', () => {
  it('escapes pipes and backslashes in header fields', () => {
    expect(escapeCefHeader('a|b\\c')).toBe('a\\|b\\\\c');
    expect(escapeCefHeader('no=escape')).toBe('no=escape');
    expect(escapeCefHeader('two\r\nlines\nhere')).toBe('two lines here');
  });

  it('escapes equals, backslashes and line breaks in extension values, not pipes', () => {
    expect(escapeCefValue('a=b')).toBe('a\\=b');
    expect(escapeCefValue('c:\\temp')).toBe('c:\\\\temp');
    expect(escapeCefValue('one\ntwo\r\nthree')).toBe('one\\ntwo\\r\\nthree');
    expect(escapeCefValue('x|y')).toBe('x|y');
    expect(escapeCefValue('\\n')).toBe('\\\\n');
  });
});

describe('toCef', () => {
  it('writes the CEF:0 header with the action as signature and its description as name', () => {
    const line = toCef(entry());
    expect(line.startsWith(`CEF:0|Postern|Postern Server|${POSTERN_VERSION}|user.login_failed|Sign-in failed|7|`)).toBe(true);
    expect(line).not.toMatch(/[\r\n]/);
  });

  it('maps the entry to standard extension keys', () => {
    const { extension } = parseCef(toCef(entry()));
    expect(extension).toMatchObject({
      rt: '1700000000123', act: 'user.login_failed', cat: 'security', externalId: 'ae_42', suid: 'u_1', suser: 'eve@example.com',
      src: '203.0.113.5', requestClientApplication: 'curl/8.5.0', cs1Label: 'teamId', cs1: 't_1', cs2Label: 'targetType',
      cs2: 'user', cs3Label: 'targetId', cs3: 'u_1', cs5Label: 'chain', cs5: 't_1', cn1Label: 'seq', cn1: '1', cs6Label: 'hash',
    });
    expect(JSON.parse(extension['cs4'] ?? '')).toEqual({ reason: 'bad_password' });
  });

  it('round-trips hostile values through an independent parser', () => {
    const nasty = entry({
      actorEmail: 'a=b|c@example.com',
      userAgent: 'Mozilla/5.0 (x|y) key=value \\ back\nslash\r\nend act=forged',
      targetId: 'path\\to\\thing=1',
      details: { note: 'multi\nline = text | pipe \\ slash' },
    });
    const parsed = parseCef(toCef(nasty, { vendor: 'Ven|dor', product: 'Pro\\duct', version: '1|2' }));
    expect(parsed.header).toEqual(['CEF:0', 'Ven|dor', 'Pro\\duct', '1|2', 'user.login_failed', 'Sign-in failed', '7']);
    expect(parsed.extension['suser']).toBe(nasty.actorEmail);
    expect(parsed.extension['requestClientApplication']).toBe(nasty.userAgent);
    expect(parsed.extension['act']).toBe('user.login_failed');
    expect(parsed.extension['cs3']).toBe(nasty.targetId);
    expect(JSON.parse(parsed.extension['cs4'] ?? '')).toEqual(nasty.details);
    expect(Object.keys(parsed.extension)).not.toContain('key');
  });

  it('leaves out absent values together with their labels', () => {
    const { extension } = parseCef(toCef(entry({ actorId: null, actorEmail: null, ip: null, userAgent: null, targetType: null, targetId: null })));
    for (const key of ['suid', 'suser', 'src', 'requestClientApplication', 'cs2', 'cs2Label', 'cs3', 'cs3Label']) {
      expect(extension).not.toHaveProperty(key);
    }
    expect(extension).toHaveProperty('cs1', 't_1');
  });

  it('puts IPv6 sources in c6a2 and unparseable ones in a flex string', () => {
    expect(parseCef(toCef(entry({ ip: '2001:db8::1' }))).extension).toMatchObject({ c6a2: '2001:db8::1', c6a2Label: 'Source IPv6 Address' });
    const odd = parseCef(toCef(entry({ ip: 'unknown, 10.0.0.1' }))).extension;
    expect(odd).toMatchObject({ flexString1: 'unknown, 10.0.0.1' });
    expect(odd).not.toHaveProperty('src');
  });

  it('cuts long values to the dictionary lengths without splitting a character', () => {
    const long = parseCef(toCef(entry({ userAgent: `${'u'.repeat(1022)}😀tail` }))).extension;
    expect(long['requestClientApplication']).toBe('u'.repeat(1022));
    const details = parseCef(toCef(entry({ details: { blob: 'x'.repeat(5000) } }))).extension;
    expect(details['cs4']).toHaveLength(4000);
  });

  it('rates security and failure events higher than routine team changes', () => {
    const severity = (draft: Partial<AuditEntryDraft>): number => Number(parseCef(toCef(entry(draft))).header[6]);
    expect(severity({ action: 'user.login_failed' })).toBeGreaterThanOrEqual(5);
    expect(severity({ action: 'user.locked_out' })).toBeGreaterThanOrEqual(5);
    expect(severity({ action: 'team.add_member' })).toBe(3);
    expect(severity({ action: 'user.login' })).toBe(4);
    expect(severity({ action: 'user.login' })).toBeGreaterThan(severity({ action: 'team.create' }));
    expect(severity({ action: 'team.plan_change' })).toBe(5);
  });
});
