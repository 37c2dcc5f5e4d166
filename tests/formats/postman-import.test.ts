import { describe, expect, it } from 'vitest';
import { detectPostmanCollectionVersion, importPostmanCollection } from '../../src/formats/index.js';
import { CollectionSchema, walkRequests } from '../../src/model/index.js';
import { folderAt, readFixture, requestAt } from './fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('importPostmanCollection: a Postman v2.1 export', () => {
  const text = readFixture('petstore.postman_collection.json');
  const collection = importPostmanCollection(text, { file: 'petstore.postman_collection.json' });

  it('declares v2.1 and yields a collection the model schema accepts unchanged', () => {
    expect(detectPostmanCollectionVersion(JSON.parse(text))).toBe('2.1');
    expect(CollectionSchema.parse(collection)).toEqual(collection);
  });

  it('keeps the collection info, auth, scripts, variables and protocol profile', () => {
    expect(collection.id).toBe('8f1c2d3e-4b5a-4c6d-9e7f-0a1b2c3d4e5f');
    expect(collection.name).toBe('Petstore API');
    expect(collection.description).toContain('Requests for the **Petstore** service.');
    expect(collection.auth).toEqual({ type: 'bearer', params: { token: '{{token}}' } });
    expect(collection.scripts.prerequest).toBe("if (!pm.environment.get('token')) {\n    console.warn('No token set');\n}");
    expect(collection.scripts.test).toContain('pm.expect(pm.response.responseTime).to.be.below(2000)');
    expect(collection.variables).toEqual([
      { key: 'baseUrl', initialValue: 'https://petstore.example.com/v2', type: 'default', enabled: true },
      { key: 'firstPetId', initialValue: '', type: 'default', enabled: true },
      { key: 'apiKey', initialValue: 'dev-key-123', type: 'secret', enabled: true },
      { key: 'pageSize', initialValue: '25', type: 'default', enabled: true },
      { key: 'legacyHost', initialValue: 'old.example.com', type: 'default', enabled: false, description: 'Kept for the migration' },
    ]);
    expect(collection.protocolProfileBehavior).toEqual({
      strictSSL: true,
      tlsDisabledProtocols: ['TLSv1', 'TLSv1_1'],
      tlsCipherSelection: ['TLS_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
    });
  });

  it('keeps folder auth, scripts, variables and protocol profile; drops an empty script', () => {
    const pets = folderAt(collection.items, ['Pets']);
    expect(pets.description).toBe('Everything about your pets.');
    expect(pets.auth).toEqual({ type: 'apikey', params: { value: '{{apiKey}}', key: 'X-API-Key', in: 'header' } });
    expect(pets.scripts).toEqual({
      prerequest: "pm.request.headers.add({ key: 'X-Request-Id', value: pm.variables.replaceIn('{{$guid}}') });",
    });
    expect(pets.variables).toEqual([{ key: 'petsPath', initialValue: 'pets', type: 'default', enabled: true }]);
    expect(pets.protocolProfileBehavior).toEqual({ followRedirects: false });
    expect(folderAt(collection.items, ['Auth flows']).description).toBe('Requests that show each kind of auth.');
  });

  it('maps a request: URL without query, every query row, headers, test script, saved example', () => {
    const list = requestAt(collection.items, ['Pets', 'List pets']);
    expect(list.request.method).toBe('GET');
    expect(list.request.url).toBe('{{baseUrl}}/pets');
    expect(list.request.query).toEqual([
      { key: 'limit', value: '10', enabled: true, description: 'How many items to return at one time (max 100)' },
      { key: 'status', value: 'available', enabled: true },
      { key: 'tags', value: 'dog', enabled: false },
    ]);
    expect(list.request.headers).toEqual([
      { key: 'Accept', value: 'application/json', enabled: true },
      { key: 'X-Debug', value: '1', enabled: false, description: 'Turn on to get timing headers' },
    ]);
    expect(list.request.auth).toBeUndefined();
    expect(list.request.description).toBe('Lists the pets, newest first.');
    expect(list.scripts.test?.split('\n')).toHaveLength(6);
    expect(list.scripts.test).toContain('pm.test("Status code is 200", function () {');
    expect(list.protocolProfileBehavior).toEqual({ disableBodyPruning: true });

    expect(list.responses).toHaveLength(1);
    const example = list.responses[0];
    expect(example?.name).toBe('Two pets');
    expect(example?.code).toBe(200);
    expect(example?.status).toBe('OK');
    expect(example?.previewLanguage).toBe('json');
    expect(example?.headers).toEqual([
      { key: 'Content-Type', value: 'application/json; charset=utf-8', enabled: true },
      { key: 'X-Total-Count', value: '57', enabled: true },
    ]);
    expect(JSON.parse(example?.body ?? '')).toEqual([{ id: 1, name: 'Rex' }, { id: 2, name: 'Tom' }]);
    expect(example?.originalRequest?.url).toBe('{{baseUrl}}/pets');
    expect(example?.originalRequest?.query).toEqual([{ key: 'limit', value: '2', enabled: true }]);
  });

  it('keeps noauth (which stops inheritance) and path variables', () => {
    const get = requestAt(collection.items, ['Pets', 'Get pet']);
    expect(get.request.auth).toEqual({ type: 'noauth', params: {} });
    expect(get.request.url).toBe('{{baseUrl}}/pets/:petId');
    expect(get.request.pathVariables).toEqual([
      { key: 'petId', value: '{{firstPetId}}', enabled: true, description: 'The id of the pet to retrieve' },
    ]);
    expect(get.responses[0]?.code).toBe(404);
    expect(get.responses[0]?.originalRequest?.pathVariables).toEqual([{ key: 'petId', value: '999', enabled: true }]);
  });

  it('maps every body mode', () => {
    const create = requestAt(collection.items, ['Pets', 'Create pet']);
    expect(create.request.body).toEqual({ mode: 'raw', raw: '{\n    "name": "{{$randomFirstName}}",\n    "tag": "dog"\n}', language: 'json' });
    expect(create.request.description).toBe('Creates a pet. The name must be **unique**.');

    expect(requestAt(collection.items, ['Pets', 'Uploads', 'Upload photo']).request.body).toEqual({
      mode: 'formdata',
      formdata: [
        { type: 'text', key: 'caption', value: 'At the beach', enabled: true },
        { type: 'text', key: 'meta', value: '{"iso": 200}', enabled: true, contentType: 'application/json', description: 'Camera settings' },
        { type: 'file', key: 'photo', src: ['/Users/ana/Pictures/rex.jpg'], enabled: true },
        { type: 'file', key: 'extra', src: ['/Users/ana/Pictures/a.png', '/Users/ana/Pictures/b.png'], enabled: true },
        { type: 'file', key: 'thumbnail', src: [], enabled: false },
      ],
    });
    const binary = requestAt(collection.items, ['Pets', 'Uploads', 'Upload binary']).request;
    expect(binary.body).toEqual({ mode: 'file', file: { src: '/Users/ana/Downloads/backup.bin' } });
    expect(binary.url).toBe('https://uploads.example.com:8443/v1/blobs/backup.bin');

    expect(requestAt(collection.items, ['Auth flows', 'Login']).request.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'grant_type', value: 'password', enabled: true },
        { key: 'scope', value: 'read write', enabled: true, description: 'Space separated' },
        { key: 'audience', value: 'legacy', enabled: false },
      ],
    });
    expect(requestAt(collection.items, ['GraphQL pets']).request.body).toEqual({
      mode: 'graphql',
      graphql: { query: 'query Pets($first: Int) {\n  pets(first: $first) {\n    id\n    name\n  }\n}', variables: '{\n  "first": 5\n}' },
    });
    const soap = requestAt(collection.items, ['SOAP status']).request;
    expect(soap.body).toMatchObject({ mode: 'raw', language: 'xml' });
    expect(soap.url).toBe('http://127.0.0.1:8080/soap');
    const purge = requestAt(collection.items, ['PURGE cache']).request;
    expect(purge.method).toBe('PURGE');
    expect(purge.body).toEqual({ mode: 'raw', raw: 'all' });
    expect(purge.query).toEqual([{ key: 'flush', value: '', enabled: true }]);
  });

  it('keeps auth parameters of every type, including booleans and structured values', () => {
    expect(requestAt(collection.items, ['Auth flows', 'Login']).request.auth).toEqual({
      type: 'basic',
      params: { password: '{{password}}', username: '{{username}}' },
    });
    const digest = requestAt(collection.items, ['Auth flows', 'Digest protected']);
    expect(digest.request.auth?.params).toEqual({ password: 'secret', username: 'admin', algorithm: 'MD5', disableRetryRequest: true });
    expect(digest.protocolProfileBehavior).toEqual({
      strictSSL: false,
      tlsDisabledProtocols: ['TLSv1', 'TLSv1_1', 'TLSv1_3'],
      tlsCipherSelection: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'],
      tlsPreferServerCiphers: true,
      followOriginalHttpMethod: true,
      maxRedirects: 5,
    });
    const oauth2 = requestAt(collection.items, ['Auth flows', 'OAuth 2 profile']).request.auth;
    expect(oauth2?.type).toBe('oauth2');
    expect(oauth2?.params.tokenRequestParams).toEqual([{ key: 'audience', value: 'pets', enabled: true, send_as: 'request_body' }]);
    const s3 = requestAt(collection.items, ['Auth flows', 'S3 list']).request;
    expect(s3.auth).toEqual({ type: 'awsv4', params: { service: 's3', region: 'eu-west-1', secretKey: '{{awsSecret}}', accessKey: '{{awsKey}}' } });
    expect(s3.url).toBe('https://my-bucket.s3.eu-west-1.amazonaws.com/');
    expect(s3.query).toEqual([{ key: 'list-type', value: '2', enabled: true }]);
  });

  it('gives items without ids fresh, distinct UUIDs', () => {
    const ids = [...walkRequests(collection.items)].map(({ item }) => item.id);
    expect(ids).toHaveLength(12);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('importPostmanCollection: a Postman v2.0 export', () => {
  const text = readFixture('legacy-v2.0.postman_collection.json');
  const collection = importPostmanCollection(text);

  it('declares v2.0; version object and description object become text', () => {
    expect(detectPostmanCollectionVersion(JSON.parse(text))).toBe('2.0');
    expect(CollectionSchema.parse(collection)).toEqual(collection);
    expect(collection.version).toBe('1.4.2-beta');
    expect(collection.description).toBe('Billing API, exported from Postman 5.');
    expect(collection.scripts).toEqual({});
  });

  it('reads v2.0 object-form auth at collection and request level', () => {
    expect(collection.auth).toEqual({ type: 'apikey', params: { key: 'X-Billing-Key', value: '{{billingKey}}', in: 'header' } });
    const pay = requestAt(collection.items, ['Invoices', 'Pay invoice']);
    expect(pay.request.auth).toEqual({
      type: 'basic',
      params: { username: '{{billingUser}}', password: '{{billingPass}}', saveHelperData: true, showPassword: false },
    });
    const receipt = requestAt(collection.items, ['Attach receipt']).request;
    expect(receipt.auth?.type).toBe('oauth1');
    expect(receipt.auth?.params).toMatchObject({ consumerKey: 'ck', signatureMethod: 'HMAC-SHA1', addParamsToHeader: true, addEmptyParamsToSign: false });
    expect(requestAt(collection.items, ['Bearer echo']).request.auth).toEqual({ type: 'bearer', params: { token: '{{accessToken}}' } });
  });

  it('keeps the item ids written as _postman_id', () => {
    expect(requestAt(collection.items, ['Invoices', 'All invoices']).id).toBe('a3c1e9d2-0000-4a1b-9c2d-111111111111');
    expect(requestAt(collection.items, ['Health']).id).toBe('a3c1e9d2-0000-4a1b-9c2d-666666666666');
  });

  it('reads string URLs, string hosts and paths, header text, and a request given as a URL', () => {
    const all = requestAt(collection.items, ['Invoices', 'All invoices']);
    expect(all.request.url).toBe('https://billing.example.com/api/invoices');
    expect(all.request.query).toEqual([
      { key: 'from', value: '2017-01-01', enabled: true },
      { key: 'to', value: '', enabled: true, description: 'Leave empty for today' },
    ]);
    expect(all.request.headers).toEqual([
      { key: 'Accept', value: 'application/json', enabled: true },
      { key: 'X-Client', value: 'legacy-app', enabled: true },
      { key: 'X-Trace', value: 'on', enabled: false },
    ]);
    expect(all.request.body).toEqual({ mode: 'none' });
    expect(all.scripts.test).toBe(
      'tests["Status code is 200"] = responseCode.code === 200;\npostman.setEnvironmentVariable("invoiceId", JSON.parse(responseBody)[0].id);',
    );

    const pay = requestAt(collection.items, ['Invoices', 'Pay invoice']);
    expect(pay.request.method).toBe('POST');
    expect(pay.request.url).toBe('https://billing.example.com/api/invoices/{{invoiceId}}/pay');
    expect(pay.request.query).toEqual([{ key: 'notify', value: 'true', enabled: true }]);
    expect(pay.request.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'amount', value: '99.50', enabled: true },
        { key: 'currency', value: 'EUR', enabled: false },
      ],
    });
    expect(pay.scripts.prerequest).toBe('postman.setEnvironmentVariable("nonce", Date.now());');

    expect(requestAt(collection.items, ['Health']).request).toEqual({
      method: 'GET',
      url: 'https://billing.example.com/health',
      query: [],
      pathVariables: [],
      headers: [],
      body: { mode: 'none' },
    });
    const echo = requestAt(collection.items, ['Bearer echo']).request;
    expect(echo.pathVariables).toEqual([{ key: 'section', value: 'headers', enabled: true }]);
    expect(echo.body).toEqual({ mode: 'raw', raw: 'plain text body' });
  });

  it('reads old saved responses: named headers, null header and body, responseTime as text', () => {
    const [january, down] = requestAt(collection.items, ['Invoices', 'All invoices']).responses;
    expect(january).toMatchObject({
      id: '5e6f7a8b-2222-4c3d-8e9f-222222222222',
      name: 'January',
      code: 200,
      responseTime: 87,
      previewLanguage: 'javascript',
      headers: [{ key: 'Content-Type', value: 'application/json', enabled: true, description: 'The mime type of this content' }],
    });
    expect(january?.originalRequest?.query).toEqual([
      { key: 'from', value: '2017-01-01', enabled: true },
      { key: 'to', value: '2017-01-31', enabled: true },
    ]);
    expect(down).toMatchObject({ name: 'Server down', code: 503, status: 'Service Unavailable', headers: [], body: '', responseTime: null });
  });

  it('reads formdata files given as one path, and variables named by id', () => {
    expect(requestAt(collection.items, ['Attach receipt']).request.body).toEqual({
      mode: 'formdata',
      formdata: [
        { type: 'text', key: 'invoice', value: '{{invoiceId}}', enabled: true },
        { type: 'file', key: 'file', src: ['receipt.pdf'], enabled: true },
      ],
    });
    expect(collection.variables).toEqual([
      { key: 'billingHost', initialValue: 'billing.example.com', type: 'default', enabled: true },
      { key: 'retries', initialValue: '3', type: 'default', enabled: true, description: 'How often to retry' },
    ]);
  });
});

describe('importPostmanCollection: other inputs', () => {
  it('accepts a parsed object and the Postman API { collection } wrapper', () => {
    const document: unknown = JSON.parse(readFixture('petstore.postman_collection.json'));
    const fromObject = importPostmanCollection(document);
    const wrapped = importPostmanCollection({ collection: document });
    expect(fromObject.name).toBe('Petstore API');
    expect(wrapped.name).toBe('Petstore API');
    expect(wrapped.variables).toEqual(fromObject.variables);
  });

  it('ignores what it does not know instead of failing: unknown keys, body modes, auth types and events', () => {
    const collection = importPostmanCollection({
      info: { name: 'Future', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json', newThing: { x: 1 } },
      item: [
        {
          name: 'Odd',
          somethingNew: true,
          event: [{ listen: 'beforeEverything', script: { exec: ['x()'] } }, { listen: 'test', disabled: true, script: { exec: ['y()'] } }],
          request: {
            method: 'get',
            url: { raw: 'https://example.com/a#section', unknownPart: 1 },
            body: { mode: 'binaryStream', binaryStream: {} },
            auth: { type: 'quantum', quantum: [{ key: 'k', value: 'v' }] },
          },
        },
      ],
    });
    const odd = requestAt(collection.items, ['Odd']);
    expect(odd.request.method).toBe('GET');
    expect(odd.request.url).toBe('https://example.com/a');
    expect(odd.request.body).toEqual({ mode: 'none' });
    expect(odd.request.auth).toBeUndefined();
    expect(odd.scripts).toEqual({});
  });

  it('builds the URL from its parts when raw is missing', () => {
    const collection = importPostmanCollection({
      info: { name: 'Parts' },
      item: [
        {
          name: 'p',
          request: {
            url: { protocol: 'https', host: ['api', 'example', 'com'], port: 8443, path: ['v1', { type: 'string', value: 'users' }], query: [{ key: 'a', value: '1' }] },
          },
        },
      ],
    });
    const request = requestAt(collection.items, ['p']).request;
    expect(request.url).toBe('https://api.example.com:8443/v1/users');
    expect(request.query).toEqual([{ key: 'a', value: '1', enabled: true }]);
  });

  it('imports a 10,000-request collection whole', () => {
    const item = Array.from({ length: 10_000 }, (_, index) => ({
      name: `r${index}`,
      request: {
        method: 'POST',
        header: [{ key: 'Content-Type', value: 'application/json' }],
        url: { raw: `{{baseUrl}}/things/${index}?a=1`, host: ['{{baseUrl}}'], path: ['things', String(index)], query: [{ key: 'a', value: '1' }] },
        body: { mode: 'raw', raw: '{"n": 1}', options: { raw: { language: 'json' } } },
      },
      event: [{ listen: 'test', script: { exec: ['pm.test("ok", () => {});'] } }],
    }));
    const text = JSON.stringify({ info: { name: 'Big', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item });
    // Speed is measured by the store benchmark, never asserted in a test; this checks a large import is whole.
    const collection = importPostmanCollection(text);
    expect(collection.items).toHaveLength(10_000);
    const last = collection.items[9_999];
    expect(last?.kind === 'request' ? [last.name, last.request.url, last.request.query] : null).toEqual(['r9999', '{{baseUrl}}/things/9999', [{ key: 'a', value: '1', enabled: true }]]);
  });
});
