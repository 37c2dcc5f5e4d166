import { describe, expect, it } from 'vitest';
import { canonicalAuditBytes, canonicalJson, chainOf, type UnhashedAuditEntry } from './entry.js';
import { serverErrorOf as refusal } from '../../../tests/server/support/server-error.js';

function entry(overrides: Partial<UnhashedAuditEntry> = {}): UnhashedAuditEntry {
  return {
    chain: 't_1',
    seq: 7,
    id: 'ae_01',
    at: 1_700_000_000_123,
    action: 'team.add_member',
    actorId: 'u_1',
    actorEmail: 'admin@example.com',
    targetType: 'user',
    targetId: 'u_2',
    teamId: 't_1',
    ip: '203.0.113.9',
    userAgent: 'Postern/0.1.0',
    details: { roles: ['developer'], invitedBy: 'u_1' },
    prevHash: 'a'.repeat(64),
    ...overrides,
  };
}

describe('canonicalAuditBytes', () => {
  it('writes sorted keys at every depth with no whitespace', () => {
    const text = canonicalAuditBytes(entry({ details: { z: 1, a: { y: [true, null], b: 'x' } } })).toString('utf8');
    expect(text).toBe(
      '{"action":"team.add_member","actorEmail":"admin@example.com","actorId":"u_1","at":1700000000123,' +
        '"chain":"t_1","details":{"a":{"b":"x","y":[true,null]},"z":1},"id":"ae_01","ip":"203.0.113.9",' +
        '"prevHash":"' + 'a'.repeat(64) + '","seq":7,"targetId":"u_2","targetType":"user","teamId":"t_1",' +
        '"userAgent":"Postern/0.1.0"}',
    );
  });

  it('does not depend on the order keys were written in', () => {
    const forward = entry({ details: { alpha: 1, beta: { one: 1, two: [{ p: 1, q: 2 }] } } });
    const reversed: UnhashedAuditEntry = Object.fromEntries(Object.entries(entry()).reverse()) as unknown as UnhashedAuditEntry;
    const backward = { ...reversed, details: { beta: { two: [{ q: 2, p: 1 }], one: 1 }, alpha: 1 } };
    expect(canonicalAuditBytes(backward).equals(canonicalAuditBytes(forward))).toBe(true);
  });

  it('leaves out the hash and any extra property, so a stored row gives the same bytes', () => {
    const plain = entry();
    const row = { ...plain, hash: 'f'.repeat(64), created_at: 'ignored' };
    expect(canonicalAuditBytes(row).equals(canonicalAuditBytes(plain))).toBe(true);
    const parsed = JSON.parse(canonicalAuditBytes(row).toString('utf8')) as Record<string, unknown>;
    expect(parsed).not.toHaveProperty('hash');
    expect(parsed).not.toHaveProperty('created_at');
  });

  it('gives the same bytes after a JSON round trip, as through a JSON column', () => {
    const original = entry({ details: { note: 'café ☕ 𝄞', list: [1, 2.5, -0, 1e21], nested: { gone: undefined, kept: false } } });
    const reread = JSON.parse(JSON.stringify(original)) as UnhashedAuditEntry;
    expect(canonicalAuditBytes(reread).equals(canonicalAuditBytes(original))).toBe(true);
    expect(JSON.parse(canonicalAuditBytes(original).toString('utf8'))).toMatchObject({ details: { list: [1, 2.5, 0, 1e21], nested: { kept: false } } });
  });

  it('changes when any covered field changes', () => {
    const base = canonicalAuditBytes(entry());
    const variants: Partial<UnhashedAuditEntry>[] = [
      { seq: 8 }, { at: 1_700_000_000_124 }, { chain: 't_2' }, { actorEmail: null }, { ip: '203.0.113.10' },
      { details: { roles: ['admin'], invitedBy: 'u_1' } }, { prevHash: 'b'.repeat(64) }, { action: 'team.remove_member' },
    ];
    for (const variant of variants) expect(canonicalAuditBytes(entry(variant)).equals(base)).toBe(false);
  });

  it('refuses numbers JSON cannot hold, naming where they are', () => {
    expect(refusal(() => canonicalAuditBytes(entry({ details: { tries: Number.NaN } }))).field).toBe('details.tries');
    expect(refusal(() => canonicalAuditBytes(entry({ details: { list: [1, Infinity] } }))).field).toBe('details.list[1]');
    expect(refusal(() => canonicalAuditBytes(entry({ at: Number.POSITIVE_INFINITY }))).field).toBe('at');
    expect(refusal(() => canonicalAuditBytes(entry({ seq: 1.5 }))).field).toBe('seq');
  });

  it('refuses values that are not plain JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const cases: [Record<string, unknown>, string][] = [
      [{ when: new Date(0) }, 'details.when'],
      [{ big: 1n }, 'details.big'],
      [{ fn: () => 1 }, 'details.fn'],
      [{ set: new Map() }, 'details.set'],
      [{ list: [undefined] }, 'details.list[0]'],
      [{ loop: cyclic }, 'details.loop.self'],
    ];
    for (const [details, field] of cases) {
      const error = refusal(() => canonicalAuditBytes(entry({ details })));
      expect(error.code).toBe('INTERNAL');
      expect(error.field).toBe(field);
      expect(error.message).not.toContain('\n');
    }
  });

  it('refuses a missing top-level field rather than guessing', () => {
    const missing = { ...entry(), actorEmail: undefined } as unknown as UnhashedAuditEntry;
    expect(refusal(() => canonicalAuditBytes(missing)).message).toMatch(/actorEmail must be a string or null \(got undefined\)/);
    const arrayDetails = { ...entry(), details: [] } as unknown as UnhashedAuditEntry;
    expect(refusal(() => canonicalAuditBytes(arrayDetails)).field).toBe('details');
  });

  it('accepts objects without a prototype', () => {
    const details = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    expect(canonicalJson(details)).toBe('{"a":2,"b":1}');
  });
});

describe('chainOf', () => {
  it('is the team id, or system for entries without a team', () => {
    expect(chainOf('t_9')).toBe('t_9');
    expect(chainOf(null)).toBe('system');
  });
});
