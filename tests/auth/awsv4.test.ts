import type http from 'node:http';
import aws4 from 'aws4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../support/tmp.js';
import { readBody, startHttpServer, type RunningServer } from '../support/servers.js';
import { engine, send } from './auth-client.js';

const KEYS = { accessKeyId: 'AKIDPOSTERN', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE/session+token==';

/**
 * Verifies a received request the way an AWS endpoint does, with the aws4 package computing the
 * signature from what arrived: the headers named in SignedHeaders, the path and query, and the body.
 */
async function awsServer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://x');
  const presigned = url.searchParams.has('X-Amz-Signature');
  const authorization = req.headers.authorization ?? '';
  const fromHeader = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  const [, , , region, service, signedList, signature] = fromHeader ?? [];
  const credential = (url.searchParams.get('X-Amz-Credential') ?? '').split('/');
  const scope = presigned ? { region: credential[2], service: credential[3] } : { region, service };
  const signedNames = new Set((presigned ? url.searchParams.get('X-Amz-SignedHeaders') ?? '' : signedList ?? '').split(';'));

  const headers: Record<string, string> = {};
  const ignore: Record<string, boolean> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    if (!signedNames.has(name)) ignore[name] = true;
  }
  ignore['content-length'] = !signedNames.has('content-length');
  const token = presigned ? url.searchParams.get('X-Amz-Security-Token') : headers['x-amz-security-token'];
  url.searchParams.delete('X-Amz-Signature');
  const oracle = aws4.sign(
    {
      host: headers.host,
      path: presigned ? `${url.pathname}?${url.searchParams.toString()}` : req.url,
      method: req.method,
      service: scope.service,
      region: scope.region,
      headers,
      body: body.length > 0 ? body : undefined,
      signQuery: presigned,
      extraHeadersToIgnore: ignore,
    } as aws4.Request,
    { ...KEYS, ...(token ? { sessionToken: token } : {}) },
  );
  const expected = presigned
    ? new URL(`http://x${oracle.path ?? ''}`).searchParams.get('X-Amz-Signature')
    : /Signature=([0-9a-f]{64})$/.exec(String((oracle.headers as Record<string, string>).Authorization))?.[1];
  const received = presigned ? new URL(req.url ?? '/', 'http://x').searchParams.get('X-Amz-Signature') : signature;
  const ok = received !== undefined && received !== null && received === expected;
  res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok, signedHeaders: [...signedNames].join(';'), contentSha: headers['x-amz-content-sha256'] ?? null, bodyLength: body.length }));
}

let server: RunningServer;
let tmp: TempDir;
beforeAll(async () => {
  tmp = makeTempDir();
  server = await startHttpServer(awsServer);
});
afterAll(async () => {
  await server.close();
  await engine.close();
  tmp.cleanup();
});

const awsv4 = (params: Record<string, string | boolean> = {}) => ({
  type: 'awsv4' as const,
  params: { accessKey: KEYS.accessKeyId, secretKey: KEYS.secretAccessKey, region: 'eu-west-3', service: 'execute-api', ...params },
});

async function verdict(...args: Parameters<typeof send>): Promise<{ status: number; ok: boolean; signedHeaders: string; contentSha: string | null }> {
  const { response, text } = await send(...args);
  return { status: response.status, ...(JSON.parse(text) as { ok: boolean; signedHeaders: string; contentSha: string | null }) };
}

describe('AWS Signature v4 verified by a server (aws4 recomputes from what arrived)', () => {
  it('GET with an encoded path, query and custom headers', async () => {
    const result = await verdict(
      { url: `${server.url}/prod/items/a b/é`, query: [{ key: 'q', value: 'hello world' }, { key: 'tag', value: 'b' }, { key: 'tag', value: 'a' }], headers: [{ key: 'X-Custom', value: '  two   spaces ' }] },
      awsv4(),
    );
    expect(result).toMatchObject({ status: 200, ok: true, signedHeaders: 'host;x-amz-date;x-custom' });
  });

  it('POST JSON with a session token', async () => {
    const result = await verdict(
      { method: 'POST', url: `${server.url}/`, headers: [{ key: 'Content-Type', value: 'application/x-amz-json-1.0' }], body: { mode: 'raw', raw: '{"TableName":"t"}' } },
      awsv4({ service: 'dynamodb', sessionToken: SESSION_TOKEN }),
    );
    expect(result).toMatchObject({ status: 200, ok: true, signedHeaders: 'content-type;host;x-amz-date;x-amz-security-token' });
  });

  it('a file body is hashed from disk', async () => {
    const file = tmp.write('payload.bin', Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251)));
    const result = await verdict({ method: 'PUT', url: `${server.url}/upload`, body: { mode: 'file', file: { src: file } } }, awsv4());
    expect(result).toMatchObject({ status: 200, ok: true });
  });

  it('S3 sends X-Amz-Content-Sha256; a multipart body goes as UNSIGNED-PAYLOAD', async () => {
    const file = tmp.write('part.txt', 'file part');
    const result = await verdict(
      { method: 'POST', url: `${server.url}/bucket/key`, body: { mode: 'formdata', formdata: [{ type: 'text', key: 'a', value: 'b' }, { type: 'file', key: 'f', src: [file] }] } },
      awsv4({ service: 's3', region: 'us-east-1' }),
    );
    expect(result).toMatchObject({ status: 200, ok: true, contentSha: 'UNSIGNED-PAYLOAD' });
  });

  it('presigned in the query (addAuthDataToQuery) with a session token', async () => {
    const result = await verdict({ url: `${server.url}/reports`, query: [{ key: 'year', value: '2024' }] }, awsv4({ addAuthDataToQuery: true, sessionToken: SESSION_TOKEN }));
    expect(result).toMatchObject({ status: 200, ok: true });
  });

  it('a wrong secret is refused', async () => {
    expect(await verdict({ url: `${server.url}/x` }, awsv4({ secretKey: 'not-the-secret' }))).toMatchObject({ status: 403, ok: false });
  });
});
