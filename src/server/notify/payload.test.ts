import { describe, expect, it } from 'vitest';
import { decodeChangePayload, encodeChangePayload } from './payload.js';

describe('change payloads', () => {
  it('encode compactly and decode back to the same change', () => {
    const payload = encodeChangePayload({ workspaceId: 'ws_abc', seq: 12 });
    expect(payload).toBe('{"w":"ws_abc","s":12}');
    expect(decodeChangePayload(payload)).toEqual({ workspaceId: 'ws_abc', seq: 12 });
    expect(decodeChangePayload('{"w":"ws_abc","s":0}')).toEqual({ workspaceId: 'ws_abc', seq: 0 });
  });

  it.each([
    ['no payload', undefined],
    ['empty', ''],
    ['not JSON', '{w:1'],
    ['an array', '["ws_abc",1]'],
    ['null', 'null'],
    ['a number', '5'],
    ['a numeric id', '{"w":5,"s":1}'],
    ['an empty id', '{"w":"","s":1}'],
    ['an overlong id', JSON.stringify({ w: 'x'.repeat(201), s: 1 })],
    ['no seq', '{"w":"ws_abc"}'],
    ['a negative seq', '{"w":"ws_abc","s":-1}'],
    ['a fractional seq', '{"w":"ws_abc","s":1.5}'],
    ['a string seq', '{"w":"ws_abc","s":"1"}'],
    ['an unsafe seq', '{"w":"ws_abc","s":9007199254740993}'],
    ['an oversized payload', JSON.stringify({ w: 'ws_abc', s: 1, pad: 'x'.repeat(2000) })],
  ])('ignores %s', (_what, payload) => {
    expect(decodeChangePayload(payload)).toBeNull();
  });
});
