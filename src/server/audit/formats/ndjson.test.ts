import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealEntry, verifyChain, GENESIS_HASH } from '../chain.js';
import type { AuditEntry } from '../entry.js';
import { toNdjson } from './ndjson.js';

const KEY = randomBytes(32);

function sample(details: Record<string, unknown> = { z: 1, a: { c: 'line\nbreak', b: [1, 2] } }): AuditEntry {
  return sealEntry(
    KEY,
    {
      chain: 't_1', id: 'ae_1', at: 1_700_000_000_000, action: 'team.role_grant', actorId: 'u_1', actorEmail: 'a@example.com',
      targetType: 'user', targetId: 'u_2', teamId: 't_1', ip: null, userAgent: 'ua\u2028x', details,
    },
    null,
  );
}

describe('toNdjson', () => {
  it('writes one line with every field in a fixed order', () => {
    const line = toNdjson(sample());
    expect(line).not.toMatch(/[\r\n]/);
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      'chain', 'seq', 'id', 'at', 'action', 'actorId', 'actorEmail', 'targetType', 'targetId', 'teamId', 'ip', 'userAgent',
      'details', 'prevHash', 'hash',
    ]);
    expect(line.startsWith('{"chain":"t_1","seq":1,"id":"ae_1","at":1700000000000,"action":"team.role_grant",')).toBe(true);
    expect(line).toContain(`"details":{"a":{"b":[1,2],"c":"line\\nbreak"},"z":1},"prevHash":"${GENESIS_HASH}"`);
  });

  it('is the same for details written in another key order', () => {
    expect(toNdjson(sample({ a: { b: [1, 2], c: 'line\nbreak' }, z: 1 }))).toBe(toNdjson(sample()));
  });

  it('parses back to entries that still verify against the chain', async () => {
    const entry = sample();
    const parsed = JSON.parse(toNdjson(entry)) as AuditEntry;
    expect(parsed).toEqual(entry);
    expect(await verifyChain(KEY, [parsed], { afterSeq: 0, anchorHash: GENESIS_HASH })).toMatchObject({ ok: true, checked: 1 });
  });
});
