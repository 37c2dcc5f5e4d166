import { describe, expect, it } from 'vitest';
import { nextHop, type Hop } from './next-hop.js';
import type { RedirectPolicy } from '../types.js';

const policy: RedirectPolicy = { follow: true, max: 10, followOriginalMethod: false, keepAuthorizationCrossOrigin: false, removeReferer: false };
const post: Hop = {
  method: 'POST',
  url: new URL('https://a.test/start'),
  headers: [
    ['Authorization', 'Bearer x'],
    ['Content-Type', 'application/json'],
    ['X-Keep', '1'],
  ],
  body: { kind: 'bytes', bytes: Buffer.from('{}') },
};

describe('nextHop', () => {
  it('turns POST into GET on 302 and drops the body', () => {
    const hop = nextHop(post, 302, '/next', policy, 0);
    expect(hop?.method).toBe('GET');
    expect(hop?.body.kind).toBe('none');
    expect(hop?.url.href).toBe('https://a.test/next');
    expect(hop?.headers.map(([n]) => n)).toEqual(['Authorization', 'X-Keep', 'Referer']);
  });

  it('keeps method and body on 307 and 308, and with followOriginalMethod', () => {
    expect(nextHop(post, 307, '/n', policy, 0)?.method).toBe('POST');
    expect(nextHop(post, 308, '/n', policy, 0)?.body.kind).toBe('bytes');
    expect(nextHop(post, 302, '/n', { ...policy, followOriginalMethod: true }, 0)?.method).toBe('POST');
  });

  it('strips Authorization on a cross-origin hop unless told to keep it', () => {
    const stripped = nextHop(post, 307, 'https://b.test/', policy, 0);
    expect(stripped?.headers.some(([n]) => n === 'Authorization')).toBe(false);
    const kept = nextHop(post, 307, 'https://b.test/', { ...policy, keepAuthorizationCrossOrigin: true }, 0);
    expect(kept?.headers.some(([n]) => n === 'Authorization')).toBe(true);
  });

  it('stops when not following, on non-redirects, and fails past the maximum', () => {
    expect(nextHop(post, 302, '/n', { ...policy, follow: false }, 0)).toBeNull();
    expect(nextHop(post, 200, '/n', policy, 0)).toBeNull();
    expect(() => nextHop(post, 302, '/n', policy, 10)).toThrow(/stopped after 10 redirects/);
  });

  it('sends no Referer on an https to http downgrade or when removed', () => {
    expect(nextHop(post, 302, 'http://a.test/', policy, 0)?.headers.some(([n]) => n === 'Referer')).toBe(false);
    expect(nextHop(post, 302, '/x', { ...policy, removeReferer: true }, 0)?.headers.some(([n]) => n === 'Referer')).toBe(false);
  });
});
