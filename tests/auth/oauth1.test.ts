import { createHash, createHmac, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody, startHttpServer, type RunningServer } from '../support/servers.js';
import { engine, send } from './auth-client.js';

const CONSUMER_SECRET = 'kd94hf93k423kf44&!';
const TOKEN_SECRET = 'pfkkdhi9sl3r4s00 ~';
let publicKey: KeyObject;
let privatePem: string;

// The server's own RFC 5849 verification, written apart from the code under test.
const enc = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const dec = (text: string): string => decodeURIComponent(text.replace(/\+/g, ' '));

function formPairs(text: string): Array<[string, string]> {
  return text.split('&').filter(Boolean).map((piece) => {
    const at = piece.indexOf('=');
    return at < 0 ? [dec(piece), ''] : [dec(piece.slice(0, at)), dec(piece.slice(at + 1))];
  });
}

function headerPairs(header: string): Array<[string, string]> {
  return [...header.replace(/^OAuth\s+/, '').matchAll(/([\w]+)="([^"]*)"/g)]
    .map((m): [string, string] => [decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? '')])
    .filter(([name]) => name !== 'realm');
}

async function oauthServer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  const [path = '/', query = ''] = (req.url ?? '/').split('?');
  const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const fromHeader = req.headers.authorization ? headerPairs(req.headers.authorization) : [];
  const all = [...formPairs(query), ...(isForm ? formPairs(body.toString()) : []), ...fromHeader];
  const signature = all.find(([name]) => name === 'oauth_signature')?.[1] ?? '';
  const params = all.filter(([name]) => name !== 'oauth_signature');
  const get = (name: string): string | undefined => params.find(([n]) => n === name)?.[1];
  const normalized = params.map(([n, v]) => [enc(n), enc(v)]).sort((a, b) => (a[0] === b[0] ? (a[1]! < b[1]! ? -1 : 1) : a[0]! < b[0]! ? -1 : 1)).map(([n, v]) => `${n}=${v}`).join('&');
  const base = `${(req.method ?? '').toUpperCase()}&${enc(`http://${(req.headers.host ?? '').toLowerCase()}${path}`)}&${enc(normalized)}`;
  const key = `${enc(CONSUMER_SECRET)}&${enc(get('oauth_token') ? TOKEN_SECRET : '')}`;
  const method = get('oauth_signature_method') ?? '';
  const problems: string[] = [];
  if (get('oauth_consumer_key') !== 'dpf43f3p2l4k3l03') problems.push('consumer key');
  if (!get('oauth_nonce') || !/^\d+$/.test(get('oauth_timestamp') ?? '')) problems.push('nonce/timestamp');
  const hmac = /^HMAC-(SHA1|SHA256|SHA512)$/.exec(method);
  const rsa = /^RSA-(SHA1|SHA256)$/.exec(method);
  const valid =
    hmac ? createHmac(hmac[1]!.toLowerCase(), key).update(base).digest('base64') === signature
    : rsa ? verify(rsa[1]!.toLowerCase(), Buffer.from(base), publicKey, Buffer.from(signature, 'base64'))
    : method === 'PLAINTEXT' ? signature === key
    : false;
  if (!valid) problems.push(`signature (${method})`);
  const bodyHash = get('oauth_body_hash');
  if (bodyHash !== undefined && bodyHash !== createHash(hmac?.[1]?.toLowerCase() ?? 'sha1').update(body).digest('base64')) problems.push('body hash');
  res.writeHead(problems.length === 0 ? 200 : 401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ problems, placement: fromHeader.length > 0 ? 'header' : query.includes('oauth_signature') ? 'query' : 'body', bodyHash: bodyHash ?? null }));
}

let server: RunningServer;
beforeAll(async () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publicKey = pair.publicKey;
  privatePem = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  server = await startHttpServer(oauthServer);
});
afterAll(async () => {
  await server.close();
  await engine.close();
});

const oauth1 = (params: Record<string, string | boolean>) => ({
  type: 'oauth1' as const,
  params: { consumerKey: 'dpf43f3p2l4k3l03', consumerSecret: CONSUMER_SECRET, token: 'nnch734d00sl2jdk', tokenSecret: TOKEN_SECRET, version: '1.0', ...params },
});

async function outcome(...args: Parameters<typeof send>): Promise<{ status: number; problems: string[]; placement: string; bodyHash: string | null }> {
  const { response, text } = await send(...args);
  return { status: response.status, ...(JSON.parse(text) as { problems: string[]; placement: string; bodyHash: string | null }) };
}

describe('OAuth 1.0a verified by the server', () => {
  it('HMAC-SHA1 in the Authorization header, with query parameters signed', async () => {
    const result = await outcome({ url: `${server.url}/photos`, query: [{ key: 'file', value: 'vacation.jpg' }, { key: 'size', value: 'original size' }] }, oauth1({ signatureMethod: 'HMAC-SHA1', addParamsToHeader: true, realm: 'Photos' }));
    expect(result).toMatchObject({ status: 200, problems: [], placement: 'header' });
  });

  it('HMAC-SHA256 in the query', async () => {
    const result = await outcome({ url: `${server.url}/q`, query: [{ key: 'a', value: '1' }, { key: 'a', value: '0' }, { key: 'emoji', value: 'é☃' }] }, oauth1({ signatureMethod: 'HMAC-SHA256' }));
    expect(result).toMatchObject({ status: 200, problems: [], placement: 'query' });
  });

  it('HMAC-SHA512 in a form body, whose fields are signed too', async () => {
    const result = await outcome(
      { method: 'POST', url: `${server.url}/form`, body: { mode: 'urlencoded', urlencoded: [{ key: 'status', value: 'Hello Ladies + Gentlemen, a signed OAuth request!' }] } },
      oauth1({ signatureMethod: 'HMAC-SHA512' }),
    );
    expect(result).toMatchObject({ status: 200, problems: [], placement: 'body' });
  });

  it('RSA-SHA1 and RSA-SHA256 with a generated key (no token)', async () => {
    for (const signatureMethod of ['RSA-SHA1', 'RSA-SHA256']) {
      const result = await outcome({ url: `${server.url}/rsa` }, oauth1({ signatureMethod, privateKey: privatePem, token: '', tokenSecret: '', addParamsToHeader: true }));
      expect(result, signatureMethod).toMatchObject({ status: 200, problems: [] });
    }
  });

  it('PLAINTEXT', async () => {
    expect(await outcome({ url: `${server.url}/plain` }, oauth1({ signatureMethod: 'PLAINTEXT', addParamsToHeader: true }))).toMatchObject({ status: 200, problems: [] });
  });

  it('the body hash of a JSON body is sent, signed and matches the bytes', async () => {
    const result = await outcome(
      { method: 'PUT', url: `${server.url}/doc`, body: { mode: 'raw', raw: '{"a":[1,2,3]}', language: 'json' } },
      oauth1({ signatureMethod: 'HMAC-SHA256', includeBodyHash: true, addParamsToHeader: true }),
    );
    expect(result).toMatchObject({ status: 200, problems: [], bodyHash: createHash('sha256').update('{"a":[1,2,3]}').digest('base64') });
  });

  it('a wrong consumer secret is refused by the server', async () => {
    const result = await outcome({ url: `${server.url}/x` }, oauth1({ signatureMethod: 'HMAC-SHA1', consumerSecret: 'nope', addParamsToHeader: true }));
    expect(result).toMatchObject({ status: 401, problems: ['signature (HMAC-SHA1)'] });
  });
});
