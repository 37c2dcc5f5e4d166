import { describe, expect, it } from 'vitest';
import { PosternError, RequestSchema } from '../../model/index.js';
import { importCurl } from './import-curl.js';

function failure(command: string): PosternError {
  try {
    importCurl(command);
  } catch (error) {
    if (error instanceof PosternError) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

const CHROME_GRAPHQL = String.raw`curl 'https://api.example.com/graphql?client=web' \
  -H 'accept: */*' \
  -H 'accept-language: en-GB,en-US;q=0.9,en;q=0.8' \
  -H 'content-type: application/json' \
  -b 'session=abc123; theme=dark' \
  -H 'origin: https://app.example.com' \
  -H 'priority: u=1, i' \
  -H 'referer: https://app.example.com/' \
  -H 'sec-ch-ua: "Chromium";v="128", "Not;A=Brand";v="24", "Google Chrome";v="128"' \
  -H 'sec-ch-ua-mobile: ?0' \
  -H 'sec-ch-ua-platform: "macOS"' \
  -H 'sec-fetch-dest: empty' \
  -H 'user-agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36' \
  --data-raw $'{"operationName":"Me","variables":{},"query":"query Me {\\n  me {\\n    id\\n  }\\n}","note":"it\'s \u00e9t\xc3\xa9 \u0021"}' \
  --compressed`;

const CHROME_MULTIPART = String.raw`curl 'https://upload.example.com/files' \
  -H 'content-type: multipart/form-data; boundary=----WebKitFormBoundaryq7L2' \
  --data-raw $'------WebKitFormBoundaryq7L2\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello\r\n------WebKitFormBoundaryq7L2--\r\n'`;

const FIREFOX_FORM = `curl 'https://shop.example.com/api/cart?lang=en' --compressed -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' -H 'Accept: application/json' -H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: gzip, deflate, br, zstd' -H 'Content-Type: application/x-www-form-urlencoded; charset=UTF-8' -H 'Origin: https://shop.example.com' -H 'Connection: keep-alive' -H 'Cookie: cart=42; consent=yes' -H 'Sec-Fetch-Dest: empty' --data-raw 'item=1234&qty=2&note=gift%20wrap+please'`;

describe('importCurl: browser "Copy as cURL"', () => {
  it('reads Chrome (bash): headers, -b cookies, $\'…\' body with escapes, --compressed', () => {
    const { request, settings } = importCurl(CHROME_GRAPHQL);
    expect(RequestSchema.parse(request)).toEqual(request);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.example.com/graphql');
    expect(request.query).toEqual([{ key: 'client', value: 'web', enabled: true }]);
    expect(request.headers.map((row) => row.key)).toEqual([
      'accept', 'accept-language', 'content-type', 'origin', 'priority', 'referer', 'sec-ch-ua', 'sec-ch-ua-mobile',
      'sec-ch-ua-platform', 'sec-fetch-dest', 'user-agent', 'Cookie',
    ]);
    expect(request.headers.find((row) => row.key === 'sec-ch-ua')?.value).toBe('"Chromium";v="128", "Not;A=Brand";v="24", "Google Chrome";v="128"');
    expect(request.headers.find((row) => row.key === 'Cookie')?.value).toBe('session=abc123; theme=dark');
    expect(request.body).toMatchObject({ mode: 'raw', language: 'json' });
    const raw = request.body.mode === 'raw' ? request.body.raw : '';
    expect(JSON.parse(raw)).toEqual({ operationName: 'Me', variables: {}, query: 'query Me {\n  me {\n    id\n  }\n}', note: "it's été !" });
    expect(settings).toEqual({ compressed: true });
  });

  it('reads a Chrome multipart body as the exact bytes, with its boundary header', () => {
    const { request } = importCurl(CHROME_MULTIPART);
    expect(request.body).toEqual({
      mode: 'raw',
      raw: '------WebKitFormBoundaryq7L2\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello\r\n------WebKitFormBoundaryq7L2--\r\n',
      language: 'text',
    });
    expect(request.headers).toEqual([{ key: 'content-type', value: 'multipart/form-data; boundary=----WebKitFormBoundaryq7L2', enabled: true }]);
  });

  it('reads Firefox (POSIX, one line): form data becomes urlencoded rows, decoded', () => {
    const { request, settings } = importCurl(FIREFOX_FORM);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://shop.example.com/api/cart');
    expect(request.query).toEqual([{ key: 'lang', value: 'en', enabled: true }]);
    expect(request.headers).toHaveLength(9);
    expect(request.headers[0]).toEqual({ key: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', enabled: true });
    expect(request.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'item', value: '1234', enabled: true },
        { key: 'qty', value: '2', enabled: true },
        { key: 'note', value: 'gift wrap please', enabled: true },
      ],
    });
    expect(settings.compressed).toBe(true);
  });

  it('turns away Windows cmd quoting with a pointer to the bash variant', () => {
    expect(failure('curl ^"https://example.com/^" ^\n  -H ^"accept: */*^"').message).toContain('copy the request as cURL (bash)');
  });
});

describe('importCurl: options from docs and terminals', () => {
  it('reads -X, -H, -u, -A, -e, -k, -L, --max-redirs, -m, --url, the URL in any position', () => {
    const { request, settings } = importCurl(
      `curl -sS -k -L --max-redirs 3 -m 2.5 --connect-timeout 1 -X PUT -u 'ana:p@ss:word' -A 'agent/1.0' -e 'https://ref.example/;auto' --url "https://api.example.com/v1/items/7" -H "Accept: application/json"`,
    );
    expect(request).toEqual({
      method: 'PUT',
      url: 'https://api.example.com/v1/items/7',
      query: [],
      pathVariables: [],
      headers: [
        { key: 'Accept', value: 'application/json', enabled: true },
        { key: 'User-Agent', value: 'agent/1.0', enabled: true },
        { key: 'Referer', value: 'https://ref.example/', enabled: true },
      ],
      body: { mode: 'none' },
      auth: { type: 'basic', params: { username: 'ana', password: 'p@ss:word' } },
    });
    expect(settings).toEqual({
      insecure: true,
      followRedirects: true,
      maxRedirects: 3,
      timeoutMs: 2500,
      connectTimeoutMs: 1000,
      ignoredOptions: ['-s', '-S'],
    });
    expect(importCurl('curl -H "X-A: 1" https://example.com/a --insecure').request.url).toBe('https://example.com/a');
  });

  it('reads clustered and attached short options', () => {
    const { request, settings } = importCurl(`curl -sSLk -XPOST -H'X-Id: 1' -d'a=1' https://example.com/`);
    expect(request.method).toBe('POST');
    expect(request.headers[0]).toEqual({ key: 'X-Id', value: '1', enabled: true });
    expect(settings).toMatchObject({ followRedirects: true, insecure: true });
  });

  it('joins several -d with &, and sends implied form content type for raw text', () => {
    const joined = importCurl(`curl https://example.com/form -d 'a=1' --data 'b=two%20words' --data-urlencode 'c=x&y z'`).request;
    expect(joined.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'a', value: '1', enabled: true },
        { key: 'b', value: 'two words', enabled: true },
        { key: 'c', value: 'x&y z', enabled: true },
      ],
    });
    const text = importCurl(`curl https://example.com/t -d 'hello world'`).request;
    expect(text.body).toEqual({ mode: 'raw', raw: 'hello world', language: 'text' });
    expect(text.headers).toEqual([{ key: 'Content-Type', value: 'application/x-www-form-urlencoded', enabled: true }]);
    const json = importCurl(`curl https://example.com/j -H 'Content-Type: application/json' -d '{"a": "b=c"}'`).request;
    expect(json.body).toEqual({ mode: 'raw', raw: '{"a": "b=c"}', language: 'json' });
    expect(json.headers).toHaveLength(1);
  });

  it('reads --json as a JSON body with JSON headers', () => {
    const { request } = importCurl(`curl --json '{"x":1}' https://example.com/j`);
    expect(request.method).toBe('POST');
    expect(request.body).toEqual({ mode: 'raw', raw: '{"x":1}', language: 'json' });
    expect(request.headers).toEqual([
      { key: 'Content-Type', value: 'application/json', enabled: true },
      { key: 'Accept', value: 'application/json', enabled: true },
    ]);
  });

  it('makes @file data a file body', () => {
    const { request } = importCurl(`curl -X PUT --data-binary @/tmp/photo.jpg -H 'Content-Type: image/jpeg' https://example.com/up`);
    expect(request.body).toEqual({ mode: 'file', file: { src: '/tmp/photo.jpg' } });
    expect(request.headers).toEqual([{ key: 'Content-Type', value: 'image/jpeg', enabled: true }]);
    // --data-raw does not read files: the @ is text.
    expect(importCurl(`curl -H 'Content-Type: text/plain' --data-raw '@home' https://e.example`).request.body).toEqual({ mode: 'raw', raw: '@home', language: 'text' });
    expect(failure(`curl -d @a.json -d b=1 https://e.example`).message).toContain('mixed with other data options');
    expect(failure(`curl -d @- https://e.example`).message).toContain('standard input');
  });

  it('reads -F text and file fields with types and quoted names', () => {
    const { request } = importCurl(
      `curl https://example.com/upload -F 'title=Holiday' -F 'meta={"a":1};type=application/json' -F 'photo=@/home/ana/rex.jpg;type=image/jpeg;filename=rex.jpg' -F 'doc=@"/tmp/a;b.pdf"' --form-string 'raw=@not-a-file'`,
    );
    expect(request.method).toBe('POST');
    expect(request.body).toEqual({
      mode: 'formdata',
      formdata: [
        { type: 'text', key: 'title', value: 'Holiday', enabled: true },
        { type: 'text', key: 'meta', value: '{"a":1}', enabled: true, contentType: 'application/json' },
        { type: 'file', key: 'photo', src: ['/home/ana/rex.jpg'], enabled: true, contentType: 'image/jpeg' },
        { type: 'file', key: 'doc', src: ['/tmp/a;b.pdf'], enabled: true },
        { type: 'text', key: 'raw', value: '@not-a-file', enabled: true },
      ],
    });
    expect(failure(`curl -F a=1 -d b=2 https://e.example`).message).toContain('cannot be used together');
  });

  it('reads -I, -G, -b, --digest, --oauth2-bearer and credentials in the URL', () => {
    expect(importCurl('curl -I https://example.com').request.method).toBe('HEAD');
    const get = importCurl(`curl -G https://example.com/search -d q=caf%C3%A9 --data-urlencode 'tag=a b'`).request;
    expect(get.method).toBe('GET');
    expect(get.body).toEqual({ mode: 'none' });
    expect(get.query).toEqual([
      { key: 'q', value: 'caf%C3%A9', enabled: true },
      { key: 'tag', value: 'a%20b', enabled: true },
    ]);
    expect(importCurl(`curl -b 'a=1' -b 'b=2' https://e.example`).request.headers).toEqual([{ key: 'Cookie', value: 'a=1; b=2', enabled: true }]);
    expect(importCurl(`curl -b cookies.txt https://e.example`).settings.ignoredOptions).toEqual(['-b cookies.txt']);
    expect(importCurl(`curl --digest -u admin:secret https://e.example`).request.auth).toEqual({ type: 'digest', params: { username: 'admin', password: 'secret' } });
    expect(importCurl(`curl --oauth2-bearer tok123 https://e.example`).request.auth).toEqual({ type: 'bearer', params: { token: 'tok123' } });
    const inUrl = importCurl('curl https://ana:s%40cret@example.com/x').request;
    expect(inUrl.url).toBe('https://example.com/x');
    expect(inUrl.auth).toEqual({ type: 'basic', params: { username: 'ana', password: 's@cret' } });
  });

  it('adds http:// to a bare host, keeps {{variables}}, ignores a pipe after the command', () => {
    expect(importCurl('curl localhost:3000/health').request.url).toBe('http://localhost:3000/health');
    expect(importCurl("curl '{{baseUrl}}/pets'").request.url).toBe('{{baseUrl}}/pets');
    expect(importCurl('$ curl -s https://e.example/a | jq .').request.url).toBe('https://e.example/a');
  });

  it('keeps a header written as "Name;" (empty) and drops "Name:" (curl: do not send)', () => {
    const { request } = importCurl(`curl -H 'X-Empty;' -H 'Accept:' https://e.example`);
    expect(request.headers).toEqual([{ key: 'X-Empty', value: '', enabled: true }]);
  });
});

describe('importCurl: errors name what is wrong', () => {
  it.each([
    ['curl --frobnicate https://e.example', 'unknown curl option "--frobnicate"'],
    ['curl -sZ https://e.example', 'unknown curl option "-Z" in "-sZ"'],
    ['curl https://e.example -H', 'option -H needs a value'],
    ['curl', 'the curl command has no URL'],
    ['', 'the command is empty; paste a curl command'],
    ['wget https://e.example', 'expected a curl command, found "wget"'],
    ['curl https://a.example https://b.example', 'the curl command has more than one URL (https://a.example, https://b.example); import one request at a time'],
    ['curl https://e.example/?a=1&b=2', 'unquoted "&" ends the curl command in a shell; quote the URL or value that contains it'],
    ["curl 'https://e.example", 'unterminated single quote opened at line 1, column 6'],
    ['curl -m soon https://e.example', '-m expects a number of seconds, got "soon"'],
    ['curl -X "GET POST" https://e.example', '-X "GET POST" is not an HTTP method'],
    ["curl --data-urlencode 'name@file.txt' https://e.example", '--data-urlencode name@file.txt reads a file, which a pasted command cannot bring along'],
  ])('%s', (command, message) => {
    const error = failure(command);
    expect(error.code).toBe('INVALID_CURL');
    expect(error.message).toBe(message);
  });
});
