import { createHash, createHmac, generateKeyPairSync, verify } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { describe, expect, it } from 'vitest';
import type { PreparedRequest } from '../engine/index.js';
import { authorize } from './authorize.js';
import { parseChallenges } from './www-authenticate.js';
import type { AuthDeps } from './types.js';

const deps: AuthDeps = { send: () => Promise.reject(new Error('oauth1 sends nothing')) };

function prepared(method: string, url: string, body?: { text: string; type?: string }, headers: Array<[string, string]> = []): PreparedRequest {
  return {
    method,
    url: new URL(url),
    headers,
    body: body === undefined ? { kind: 'none' } : { kind: 'bytes', bytes: Buffer.from(body.text), contentType: body.type },
  };
}

function authorizationParams(request: PreparedRequest): Record<string, string> {
  const value = request.headers.find(([name]) => name === 'Authorization')?.[1] ?? '';
  expect(value.startsWith('OAuth ')).toBe(true);
  const params = parseChallenges([value])[0]?.params ?? {};
  return Object.fromEntries(Object.entries(params).map(([key, v]) => [key, decodeURIComponent(v)]));
}

/** oauth-1.0a as an independent implementation of the signature. */
function oracle(method: string, hash: 'sha1' | 'sha256', secret: string): OAuth {
  return new OAuth({
    consumer: { key: 'unused', secret },
    signature_method: method,
    hash_function: (base, key) => createHmac(hash, key).update(base).digest('base64'),
  });
}

describe('OAuth 1.0a signatures', () => {
  it('matches the OAuth Core 1.0 appendix A example (photos.example.net)', async () => {
    const request = prepared('GET', 'http://photos.example.net/photos?file=vacation.jpg&size=original');
    const signed = await authorize(request, {
      type: 'oauth1',
      params: {
        consumerKey: 'dpf43f3p2l4k3l03', consumerSecret: 'kd94hf93k423kf44', token: 'nnch734d00sl2jdk', tokenSecret: 'pfkkdhi9sl3r4s00',
        signatureMethod: 'HMAC-SHA1', timestamp: '1191242096', nonce: 'kllo9940pd9333jh', version: '1.0', addParamsToHeader: true, realm: 'http://photos.example.net/',
      },
    }, deps);
    const oauth = authorizationParams(signed);
    expect(oauth.oauth_signature).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
    expect(oauth.realm).toBe('http://photos.example.net/');
    expect(signed.url.search).toBe('?file=vacation.jpg&size=original');
  });

  it('builds the base string of RFC 5849 §3.4.1.1 (query, form body, encoded names, repeated keys)', async () => {
    // The RFC's expected base string, signed here with HMAC-SHA1 and chosen secrets.
    const base =
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7';
    const request = prepared('POST', 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', { text: 'c2&a3=2+q', type: 'application/x-www-form-urlencoded' });
    const signed = await authorize(request, {
      type: 'oauth1',
      params: { consumerKey: '9djdj82h48djs9d2', consumerSecret: 'cs', token: 'kkk9d7dh3k39sjv7', tokenSecret: 'ts', signatureMethod: 'HMAC-SHA1', timestamp: '137131201', nonce: '7d8f3e4a', addParamsToHeader: true, realm: 'Example' },
    }, deps);
    expect(authorizationParams(signed).oauth_signature).toBe(createHmac('sha1', 'cs&ts').update(base).digest('base64'));
  });

  it('agrees with oauth-1.0a for HMAC-SHA256 with query and form parameters, placed in the form body', async () => {
    const request = prepared('POST', 'http://127.0.0.1:8080/api/items?page=2&filter=a%20b', { text: 'name=Ada%20Lovelace&lang=en', type: 'application/x-www-form-urlencoded' });
    const signed = await authorize(request, {
      type: 'oauth1',
      params: { consumerKey: 'key!', consumerSecret: 'secret*', token: 'tok', tokenSecret: "tok'secret", signatureMethod: 'HMAC-SHA256', timestamp: '1700000000', nonce: 'abc123', version: '1.0' },
    }, deps);
    expect(signed.url.search).toBe('?page=2&filter=a%20b');
    const form = new URLSearchParams(signed.body.kind === 'bytes' ? signed.body.bytes.toString() : '');
    expect(form.get('name')).toBe('Ada Lovelace');
    const oauthData = {
      oauth_consumer_key: 'key!', oauth_token: 'tok', oauth_signature_method: 'HMAC-SHA256', oauth_timestamp: 1700000000, oauth_nonce: 'abc123', oauth_version: '1.0',
    };
    const expected = oracle('HMAC-SHA256', 'sha256', 'secret*').getSignature(
      { url: 'http://127.0.0.1:8080/api/items?page=2&filter=a%20b', method: 'POST', data: { name: 'Ada Lovelace', lang: 'en' } },
      "tok'secret",
      oauthData as unknown as OAuth.Data,
    );
    expect(form.get('oauth_signature')).toBe(expected);
    expect(form.get('oauth_consumer_key')).toBe('key!');
  });

  it('puts the parameters in the query for a GET, leaving out empty ones unless asked', async () => {
    const params = { consumerKey: 'ck', consumerSecret: 'cs', token: '', signatureMethod: 'HMAC-SHA1', timestamp: '1', nonce: 'n', version: '1.0' };
    const plain = await authorize(prepared('GET', 'http://h.test/p?x=1'), { type: 'oauth1', params }, deps);
    expect([...plain.url.searchParams.keys()]).toEqual(['x', 'oauth_consumer_key', 'oauth_signature_method', 'oauth_timestamp', 'oauth_nonce', 'oauth_version', 'oauth_signature']);
    const withEmpty = await authorize(prepared('GET', 'http://h.test/p?x=1'), { type: 'oauth1', params: { ...params, addEmptyParamsToSign: true } }, deps);
    expect(withEmpty.url.searchParams.get('oauth_token')).toBe('');
    const expected = oracle('HMAC-SHA1', 'sha1', 'cs').getSignature(
      { url: 'http://h.test/p?x=1', method: 'GET' },
      '',
      { oauth_consumer_key: 'ck', oauth_token: '', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: 1, oauth_nonce: 'n', oauth_version: '1.0' } as unknown as OAuth.Data,
    );
    expect(withEmpty.url.searchParams.get('oauth_signature')).toBe(expected);
  });

  it('adds and signs oauth_body_hash for a raw body when includeBodyHash is set', async () => {
    const body = '{"hello":"world"}';
    const signed = await authorize(prepared('PUT', 'http://h.test/doc', { text: body, type: 'application/json' }), {
      type: 'oauth1',
      params: { consumerKey: 'ck', consumerSecret: 'cs', signatureMethod: 'HMAC-SHA1', timestamp: '10', nonce: 'n', version: '1.0', includeBodyHash: true, addParamsToHeader: true },
    }, deps);
    const oauth = authorizationParams(signed);
    expect(oauth.oauth_body_hash).toBe(createHash('sha1').update(body).digest('base64'));
    const expected = oracle('HMAC-SHA1', 'sha1', 'cs').getSignature(
      { url: 'http://h.test/doc', method: 'PUT', data: body },
      '',
      { oauth_consumer_key: 'ck', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: 10, oauth_nonce: 'n', oauth_version: '1.0', oauth_body_hash: oauth.oauth_body_hash } as unknown as OAuth.Data,
    );
    expect(oauth.oauth_signature).toBe(expected);
  });

  it('signs RSA-SHA1 with the private key (checked with the public key)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signed = await authorize(prepared('GET', 'https://api.test/r?b=2&a=1'), {
      type: 'oauth1',
      params: { consumerKey: 'ck', privateKey: pem, signatureMethod: 'RSA-SHA1', timestamp: '5', nonce: 'n', version: '1.0', addParamsToHeader: true },
    }, deps);
    const oauth = authorizationParams(signed);
    const base = new OAuth({ consumer: { key: 'ck', secret: '' }, signature_method: 'RSA-SHA1', hash_function: () => '' }).getBaseString(
      { url: 'https://api.test/r?b=2&a=1', method: 'GET' },
      { oauth_consumer_key: 'ck', oauth_signature_method: 'RSA-SHA1', oauth_timestamp: 5, oauth_nonce: 'n', oauth_version: '1.0' } as unknown as OAuth.Data,
    );
    expect(verify('sha1', Buffer.from(base), publicKey, Buffer.from(oauth.oauth_signature ?? '', 'base64'))).toBe(true);
  });

  it('sends PLAINTEXT as the encoded secrets', async () => {
    const signed = await authorize(prepared('GET', 'https://api.test/'), {
      type: 'oauth1',
      params: { consumerKey: 'ck', consumerSecret: 'c&s', tokenSecret: 't s', signatureMethod: 'PLAINTEXT', addParamsToHeader: true },
    }, { ...deps, now: () => new Date(1_000_000), nonce: () => 'pinned' });
    const oauth = authorizationParams(signed);
    expect(oauth.oauth_signature).toBe('c%26s&t%20s');
    expect(oauth.oauth_timestamp).toBe('1000');
    expect(oauth.oauth_nonce).toBe('pinned');
  });

  it('replaces oauth_ parameters and the Authorization header from an earlier signing', async () => {
    const request = prepared('GET', 'http://h.test/?oauth_signature=old&keep=1', undefined, [['authorization', 'old']]);
    const signed = await authorize(request, { type: 'oauth1', params: { consumerKey: 'ck', consumerSecret: 'cs', addParamsToHeader: true } }, deps);
    expect(signed.url.search).toBe('?keep=1');
    expect(signed.headers.filter(([name]) => name.toLowerCase() === 'authorization')).toHaveLength(1);
  });

  it('names the field when the configuration is unusable', async () => {
    await expect(authorize(prepared('GET', 'http://h.test/'), { type: 'oauth1', params: { consumerKey: 'ck', privateKey: 'not a key', signatureMethod: 'RSA-SHA256' } }, deps))
      .rejects.toThrow(/^auth \(oauth1\): privateKey is not a PEM RSA private key/);
    await expect(authorize(prepared('GET', 'http://h.test/'), { type: 'oauth1', params: { consumerKey: 'ck', consumerSecret: 'cs', signatureMethod: 'HMAC-MD5' } }, deps))
      .rejects.toThrow('auth (oauth1): signatureMethod "HMAC-MD5" is not one of');
  });

  it('leaves the request unsigned when the consumer key is empty, as Postman does', async () => {
    const request = prepared('GET', 'http://h.test/');
    expect(await authorize(request, { type: 'oauth1', params: { consumerKey: '', consumerSecret: 'cs' } }, deps)).toBe(request);
  });
});
