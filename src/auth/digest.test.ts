import { describe, expect, it } from 'vitest';
import type { HttpResponse, PreparedRequest } from '../engine/index.js';
import { authorize, challengeResponse } from './authorize.js';
import { digestAuthorization } from './digest.js';
import type { AuthDeps } from './types.js';
import { parseChallenges } from './www-authenticate.js';

const deps: AuthDeps = { send: () => Promise.reject(new Error('digest sends nothing itself')), nonce: () => '0a4f113b' };

function fields(header: string): Record<string, string> {
  return { ...parseChallenges([header])[0]?.params };
}

function response(status: number, headers: Array<[string, string]>): HttpResponse {
  return {
    url: 'http://h.test/', status, statusText: '', httpVersion: '1.1', headers, body: { kind: 'memory', bytes: Buffer.alloc(0) },
    size: { headers: 0, body: 0, decodedBody: 0 }, timings: { dns: 0, tcp: 0, proxy: 0, tls: 0, firstByte: 0, download: 0, total: 0 },
    tls: null, redirects: [], connectionReused: false, remoteAddress: null,
  };
}

const get = (url: string): PreparedRequest => ({ method: 'GET', url: new URL(url), headers: [], body: { kind: 'none' } });

describe('digest response values from the RFCs', () => {
  it('RFC 2617 §3.5 (MD5, qop=auth)', () => {
    const header = digestAuthorization({
      username: 'Mufasa', password: 'Circle Of Life', realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      algorithm: 'MD5', qop: 'auth', nc: '00000001', cnonce: '0a4f113b', opaque: '5ccc069c403ebaf9f0171e9517f40e41', method: 'GET', uri: '/dir/index.html',
    });
    expect(fields(header)).toMatchObject({ response: '6629fae49393a05397450978507c4ef1', opaque: '5ccc069c403ebaf9f0171e9517f40e41', nc: '00000001', qop: 'auth' });
  });

  const rfc7616 = {
    username: 'Mufasa', password: 'Circle of Life', realm: 'http-auth@example.org', nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    qop: 'auth' as const, nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
    method: 'GET', uri: '/dir/index.html',
  };

  it('RFC 7616 §3.9.1 (MD5)', () => {
    expect(fields(digestAuthorization({ ...rfc7616, algorithm: 'MD5' })).response).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('RFC 7616 §3.9.1 (SHA-256)', () => {
    expect(fields(digestAuthorization({ ...rfc7616, algorithm: 'SHA-256' })).response).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });
});

describe('digest challenge handling', () => {
  const auth = { type: 'digest' as const, params: { username: 'Mufasa', password: 'Circle Of Life' } };
  const challenge = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

  it('sends nothing before the challenge when realm and nonce are unknown', async () => {
    const request = get('http://h.test/dir/index.html');
    expect(await authorize(request, auth, deps)).toBe(request);
  });

  it('answers a 401 challenge, choosing qop=auth', async () => {
    const retry = await challengeResponse(get('http://h.test/dir/index.html'), auth, response(401, [['WWW-Authenticate', challenge]]), deps);
    expect(retry).not.toBeNull();
    const header = retry?.headers.find(([name]) => name === 'Authorization')?.[1] ?? '';
    expect(fields(header)).toMatchObject({ response: '6629fae49393a05397450978507c4ef1', qop: 'auth', cnonce: '0a4f113b', uri: '/dir/index.html' });
  });

  it('does not answer the same nonce twice (wrong password), but does answer a stale one', async () => {
    const first = await challengeResponse(get('http://h.test/dir/index.html'), auth, response(401, [['WWW-Authenticate', challenge]]), deps);
    expect(first).not.toBeNull();
    if (first === null) return;
    expect(await challengeResponse(first, auth, response(401, [['WWW-Authenticate', challenge]]), deps)).toBeNull();
    const stale = 'Digest realm="testrealm@host.com", qop="auth", nonce="fresh", stale=true';
    const again = await challengeResponse(first, auth, response(401, [['WWW-Authenticate', stale]]), deps);
    expect(fields(again?.headers.find(([name]) => name === 'Authorization')?.[1] ?? '').nonce).toBe('fresh');
  });

  it('prefers the configured algorithm among several challenges, else the first supported', async () => {
    const offers: Array<[string, string]> = [
      ['WWW-Authenticate', 'Digest realm="r", nonce="n256", algorithm=SHA-256, qop="auth"'],
      ['WWW-Authenticate', 'Digest realm="r", nonce="nmd5", algorithm=MD5, qop="auth"'],
    ];
    const md5 = await challengeResponse(get('http://h.test/'), { type: 'digest', params: { ...auth.params, algorithm: 'MD5' } }, response(401, offers), deps);
    expect(fields(md5?.headers.at(-1)?.[1] ?? '')).toMatchObject({ algorithm: 'MD5', nonce: 'nmd5' });
    const first = await challengeResponse(get('http://h.test/'), auth, response(401, offers), deps);
    expect(fields(first?.headers.at(-1)?.[1] ?? '')).toMatchObject({ algorithm: 'SHA-256', nonce: 'n256' });
  });

  it('returns null for responses that are not digest challenges or when retry is disabled', async () => {
    expect(await challengeResponse(get('http://h.test/'), auth, response(200, []), deps)).toBeNull();
    expect(await challengeResponse(get('http://h.test/'), auth, response(401, [['WWW-Authenticate', 'Basic realm="x"']]), deps)).toBeNull();
    expect(await challengeResponse(get('http://h.test/'), { type: 'digest', params: { ...auth.params, disableRetryRequest: true } }, response(401, [['WWW-Authenticate', challenge]]), deps)).toBeNull();
    expect(await challengeResponse(get('http://h.test/'), { type: 'basic', params: {} }, response(401, [['WWW-Authenticate', challenge]]), deps)).toBeNull();
  });

  it('sends the header at once when realm and nonce are saved in the auth', async () => {
    const saved = { type: 'digest' as const, params: { ...auth.params, realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', qop: 'auth', nonceCount: '00000001', clientNonce: '0a4f113b', opaque: '5ccc069c403ebaf9f0171e9517f40e41' } };
    const signed = await authorize(get('http://h.test/dir/index.html'), saved, deps);
    expect(fields(signed.headers.at(-1)?.[1] ?? '').response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('names an unsupported algorithm', async () => {
    await expect(challengeResponse(get('http://h.test/'), auth, response(401, [['WWW-Authenticate', 'Digest realm="r", nonce="n", algorithm=SHA-1']]), deps))
      .rejects.toThrow('auth (digest): the server asks for digest algorithm SHA-1, which is not supported');
    await expect(authorize(get('http://h.test/'), { type: 'digest', params: { ...auth.params, algorithm: 'SHA-1', realm: 'r', nonce: 'n' } }, deps))
      .rejects.toThrow('auth (digest): algorithm "SHA-1" is not one of');
  });
});
