import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCurl, importCurl, splitShellWords } from '../../src/formats/index.js';
import { RequestSchema } from '../../src/model/index.js';
import type { RequestInput } from '../../src/model/index.js';

/** Real bash and real curl judge our shell quoting: what we read, bash reads; what we write, curl sends. */

function run(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

describe('splitShellWords agrees with bash', () => {
  const commands = [
    String.raw`curl 'https://e.example/a?x=1&y=2' -H "X-A: \"quoted\" \$HOME \\ \q" -d $'line1\nline2\t\x41\u00e9 it\'s'`,
    'curl \\\n  --data-raw \'{"a": "b"}\' \\\n  -H \'Accept: */*\'',
    String.raw`curl a\ b "c"'d'e $"f" '' x#y # trailing comment`,
    String.raw`curl $'\xe2\x82\xac \101 \cA \e[0m'`,
  ];
  it.each(commands)('%s', async (command) => {
    // The same words, with printf in curl's place, NUL-separated so any character survives.
    const script = command.replace(/^curl/, "printf '%s\\0'");
    const fromBash = (await run('bash', ['-c', script])).split('\0').slice(0, -1);
    expect(splitShellWords(command).words.slice(1)).toEqual(fromBash);
  });
});

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe('exportCurl commands sent by the real curl', () => {
  let server: Server;
  let base = '';
  let dir = '';
  const received: Received[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postern-curl-'));
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(input: RequestInput): Promise<Received> {
    const before = received.length;
    await run('sh', ['-c', exportCurl(RequestSchema.parse(input), { followRedirects: true })]);
    const got = received[before];
    if (!got || received.length !== before + 1) throw new Error('the server did not get exactly one request');
    return got;
  }

  it('sends method, encoded URL, headers and a JSON body with quotes and newlines', async () => {
    const body = `{"name": "it's \\"Rex\\"", "note": "a\\nb"}\n`;
    const got = await send({
      method: 'PATCH',
      url: `${base}/pets/:id`,
      pathVariables: [{ key: 'id', value: '7' }],
      query: [{ key: 'q', value: 'café au lait' }, { key: 'flag', value: '' }, { key: 'off', value: 'x', enabled: false }],
      headers: [{ key: 'X-Quote', value: `it's "quoted" $HOME` }, { key: 'Content-Type', value: 'application/json' }],
      body: { mode: 'raw', raw: body, language: 'json' },
    });
    expect(got.method).toBe('PATCH');
    expect(got.url).toBe('/pets/7?q=caf%C3%A9%20au%20lait&flag');
    expect(got.headers['x-quote']).toBe(`it's "quoted" $HOME`);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.body.toString('utf8')).toBe(body);
  });

  it('sends urlencoded rows, basic auth and a custom method', async () => {
    const got = await send({
      method: 'PURGE',
      url: `${base}/form`,
      auth: { type: 'basic', params: { username: 'ana', password: "p:w'd" } },
      body: { mode: 'urlencoded', urlencoded: [{ key: 'a', value: 'x&y=z' }, { key: 'b c', value: 'ü €' }, { key: 'skip', value: '1', enabled: false }] },
    });
    expect(got.method).toBe('PURGE');
    expect(got.headers.authorization).toBe(`Basic ${Buffer.from("ana:p:w'd").toString('base64')}`);
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(got.body.toString('utf8'))]).toEqual([
      ['a', 'x&y=z'],
      ['b c', 'ü €'],
    ]);
  });

  it('sends multipart text and file fields, and a file body', async () => {
    const photo = join(dir, "rex's photo.txt");
    writeFileSync(photo, 'PHOTO-BYTES');
    const got = await send({
      method: 'POST',
      url: `${base}/upload`,
      body: {
        mode: 'formdata',
        formdata: [
          { type: 'text', key: 'title', value: '@not a file; really' },
          { type: 'text', key: 'meta', value: '{"a":"b"}', contentType: 'application/json' },
          { type: 'file', key: 'photo', src: [photo], contentType: 'text/plain' },
        ],
      },
    });
    expect(got.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const text = got.body.toString('utf8');
    expect(text).toContain('name="title"\r\n\r\n@not a file; really\r\n');
    expect(text).toMatch(/name="meta"\r\nContent-Type: application\/json\r\n\r\n\{"a":"b"\}\r\n/);
    expect(text).toMatch(/name="photo"; filename="rex's photo.txt"\r\nContent-Type: text\/plain\r\n\r\nPHOTO-BYTES\r\n/);

    const data = join(dir, 'data.bin');
    writeFileSync(data, Buffer.from([0, 1, 2, 255, 10, 13]));
    const file = await send({ method: 'PUT', url: `${base}/blob`, headers: [{ key: 'Content-Type', value: 'application/octet-stream' }], body: { mode: 'file', file: { src: data } } });
    expect(file.method).toBe('PUT');
    expect([...file.body]).toEqual([0, 1, 2, 255, 10, 13]);
  });

  it('sends what importCurl read from a browser command', async () => {
    const { request } = importCurl(
      `curl '${base}/graphql' -H 'content-type: application/json' -b 'sid=1; theme=dark' --data-raw $'{"query":"{ me }","note":"it\\'s"}' --compressed`,
    );
    const got = await send(request);
    expect(got.method).toBe('POST');
    expect(got.headers.cookie).toBe('sid=1; theme=dark');
    expect(JSON.parse(got.body.toString('utf8'))).toEqual({ query: '{ me }', note: "it's" });
  });
});
