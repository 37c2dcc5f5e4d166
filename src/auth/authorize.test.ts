import { describe, expect, it } from 'vitest';
import type { HttpResponse, PreparedRequest } from '../engine/index.js';
import type { Auth } from '../model/index.js';
import { authNotice, authorize, challengeResponse } from './authorize.js';
import type { AuthDeps } from './types.js';

const deps: AuthDeps = { send: () => Promise.reject(new Error('nothing is sent in these tests')) };
const request: PreparedRequest = { method: 'GET', url: new URL('http://h.test/p?q=1'), headers: [['Accept', 'text/plain']], body: { kind: 'none' } };

describe('authorize', () => {
  it('leaves the request as it is for noauth', async () => {
    expect(await authorize(request, { type: 'noauth', params: {} }, deps)).toBe(request);
  });

  it('never changes the request it was given', async () => {
    const before = JSON.stringify({ ...request, url: request.url.href });
    const signed = await authorize(request, { type: 'apikey', params: { key: 'k', value: 'v', in: 'query' } }, deps);
    expect(signed.url.href).toBe('http://h.test/p?q=1&k=v');
    expect(JSON.stringify({ ...request, url: request.url.href })).toBe(before);
  });

  it.each(['ntlm', 'akamai', 'edgegrid', 'jwt', 'asap'] as const)('says %s is not supported yet', async (type) => {
    await expect(authorize(request, { type, params: {} }, deps)).rejects.toThrow(`auth (${type}): this auth type is not supported yet`);
  });

  it('throws PosternErrors with the INVALID_INPUT code', async () => {
    await expect(authorize(request, { type: 'awsv4', params: {} }, deps)).rejects.toMatchObject({ name: 'PosternError', code: 'INVALID_INPUT' });
  });
});

describe('challengeResponse', () => {
  const challenge: HttpResponse = {
    url: 'http://h.test/', status: 401, statusText: 'Unauthorized', httpVersion: '1.1',
    headers: [['WWW-Authenticate', 'Digest realm="r", nonce="n", qop="auth"']], body: { kind: 'memory', bytes: Buffer.alloc(0) },
    size: { headers: 0, body: 0, decodedBody: 0 }, timings: { dns: 0, tcp: 0, proxy: 0, tls: 0, firstByte: 0, download: 0, total: 0 },
    tls: null, redirects: [], connectionReused: false, remoteAddress: null,
  };

  it('has nothing to retry for schemes without a challenge, or digest without a user', async () => {
    expect(await challengeResponse(request, { type: 'bearer', params: { token: 't' } }, challenge, deps)).toBeNull();
    expect(await challengeResponse(request, { type: 'digest', params: { username: '' } }, challenge, deps)).toBeNull();
  });
});

describe('authNotice', () => {
  const cases: Array<[Auth, string | undefined]> = [
    [{ type: 'bearer', params: { token: '' } }, 'auth (bearer): token is empty, so the request is sent without auth'],
    [{ type: 'bearer', params: { token: 't' } }, undefined],
    [{ type: 'apikey', params: {} }, 'auth (apikey): key is empty, so the request is sent without auth'],
    [{ type: 'oauth1', params: { consumerKey: 'ck', signatureMethod: 'RSA-SHA1' } }, 'auth (oauth1): privateKey is empty, so the request is sent without auth'],
    [{ type: 'oauth2', params: { accessToken: '' } }, 'auth (oauth2): accessToken is empty, so the request is sent without auth'],
    [{ type: 'oauth2', params: { accessToken: '', grant_type: 'client_credentials' } }, undefined],
    [{ type: 'hawk', params: { authId: 'id' } }, 'auth (hawk): authKey is empty, so the request is sent without auth'],
    [{ type: 'basic', params: {} }, undefined],
  ];
  it.each(cases)('%j → %s', (auth, expected) => {
    expect(authNotice(auth)).toBe(expected);
  });

  it('agrees with authorize: a noticed auth leaves the request unchanged', async () => {
    for (const [auth, notice] of cases) {
      if (notice !== undefined) expect(await authorize(request, auth, deps)).toBe(request);
    }
  });
});
