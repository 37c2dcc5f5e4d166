import { describe, expect, it } from 'vitest';
import { parseChallenges } from './www-authenticate.js';

describe('parseChallenges', () => {
  it('reads quoted and token parameters, lower-casing their names', () => {
    const [digest] = parseChallenges(['Digest Realm="a, b", nonce="n1", QOP="auth,auth-int", algorithm=SHA-256, stale=TRUE']);
    expect(digest).toEqual({
      scheme: 'Digest',
      params: { realm: 'a, b', nonce: 'n1', qop: 'auth,auth-int', algorithm: 'SHA-256', stale: 'TRUE' },
    });
  });

  it('splits several challenges in one value and across values', () => {
    const challenges = parseChallenges([
      'Digest realm="r", nonce="1", algorithm=SHA-256, Digest realm="r", nonce="2", algorithm=MD5',
      'Basic realm="simple"',
    ]);
    expect(challenges.map((c) => [c.scheme, c.params.nonce ?? c.params.realm, c.params.algorithm])).toEqual([
      ['Digest', '1', 'SHA-256'],
      ['Digest', '2', 'MD5'],
      ['Basic', 'simple', undefined],
    ]);
  });

  it('unescapes quoted-pairs', () => {
    const [challenge] = parseChallenges(['Digest realm="say \\"hi\\" \\\\ there", nonce=abc']);
    expect(challenge?.params.realm).toBe('say "hi" \\ there');
    expect(challenge?.params.nonce).toBe('abc');
  });

  it('keeps a token68 whole', () => {
    const [challenge] = parseChallenges(['Negotiate abcDEF==']);
    expect(challenge).toEqual({ scheme: 'Negotiate', params: { '': 'abcDEF==' } });
  });
});
