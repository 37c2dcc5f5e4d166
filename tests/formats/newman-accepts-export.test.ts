import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPostmanEnvironment, importPostmanCollection, stringifyPostmanCollection } from '../../src/formats/index.js';
import { CollectionSchema, EnvironmentSchema } from '../../src/model/index.js';

/** newman (Postman's own CLI runner) runs the v2.1 file we export: the proof that the export is usable. */

interface NewmanSummary {
  run: {
    failures: { error: { message: string }; source?: { name?: string } }[];
    stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } };
    executions: { item: { name: string }; response?: { code: number } }[];
  };
}
interface Newman {
  run(options: Record<string, unknown>, callback: (error: Error | null, summary: NewmanSummary) => void): unknown;
}

const require = createRequire(import.meta.url);
const newman = require('newman') as Newman;

function runNewman(options: Record<string, unknown>): Promise<NewmanSummary> {
  return new Promise((resolve, reject) => {
    newman.run(options, (error, summary) => (error ? reject(error) : resolve(summary)));
  });
}

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('newman runs our Postman v2.1 export', () => {
  let server: Server;
  let port = 0;
  let dir = '';
  const received: Received[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postern-newman-'));
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        response.setHeader('Content-Type', 'application/json');
        response.end(JSON.stringify({ method: request.method, url: request.url, body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a folder of requests with scripts, inherited auth and variables, with no failures', async () => {
    const collection = CollectionSchema.parse({
      id: 'c0ffee00-0000-4000-8000-000000000001',
      name: 'Newman check',
      variables: [
        { key: 'baseUrl', initialValue: `http://127.0.0.1:${port}` },
        { key: 'petId', initialValue: '41' },
      ],
      auth: { type: 'bearer', params: { token: '{{token}}' } },
      scripts: { prerequest: "pm.collectionVariables.set('petId', String(Number(pm.collectionVariables.get('petId')) + 1));" },
      items: [
        {
          kind: 'folder',
          id: 'f1',
          name: 'Pets',
          auth: { type: 'basic', params: { username: 'ana', password: '{{password}}' } },
          items: [
            {
              kind: 'request',
              id: 'r1',
              name: 'Get pet',
              request: {
                method: 'GET',
                url: '{{baseUrl}}/pets/:id',
                pathVariables: [{ key: 'id', value: '{{petId}}' }],
                query: [{ key: 'fields', value: 'name,tag' }, { key: 'debug', value: 'yes', enabled: false }],
                headers: [{ key: 'Accept', value: 'application/json' }, { key: 'X-Off', value: '1', enabled: false }],
              },
              scripts: {
                test: [
                  "pm.test('status is 200', () => pm.response.to.have.status(200));",
                  "pm.test('path variable and query reached the server', () => {",
                  "  pm.expect(pm.response.json().url).to.equal('/pets/42?fields=name,tag');",
                  '});',
                ].join('\n'),
              },
            },
            {
              kind: 'request',
              id: 'r2',
              name: 'Create pet',
              request: {
                method: 'POST',
                url: '{{baseUrl}}/pets',
                headers: [{ key: 'Content-Type', value: 'application/json' }],
                body: { mode: 'raw', raw: '{"name": "Rex", "id": {{petId}}}', language: 'json' },
              },
              scripts: { test: "pm.test('body echoed', () => pm.expect(JSON.parse(pm.response.json().body)).to.eql({ name: 'Rex', id: 43 }));" },
            },
          ],
        },
        {
          kind: 'request',
          id: 'r3',
          name: 'Login form',
          request: {
            method: 'POST',
            url: '{{baseUrl}}/login',
            body: { mode: 'urlencoded', urlencoded: [{ key: 'user', value: 'ana' }, { key: 'scope', value: 'read write' }] },
            auth: { type: 'noauth', params: {} },
          },
          scripts: { test: "pm.test('form sent', () => pm.expect(pm.response.json().body).to.equal('user=ana&scope=read%20write'));" },
        },
      ],
    });
    const collectionFile = join(dir, 'collection.json');
    writeFileSync(collectionFile, stringifyPostmanCollection(collection));
    const environmentFile = join(dir, 'environment.json');
    const environment = EnvironmentSchema.parse({
      id: 'e1',
      name: 'Local',
      values: [
        { key: 'token', initialValue: 'tok-1', type: 'secret' },
        { key: 'password', initialValue: 's3cret' },
      ],
    });
    writeFileSync(environmentFile, JSON.stringify(exportPostmanEnvironment(environment)));

    const summary = await runNewman({ collection: collectionFile, environment: environmentFile, reporters: [] });

    expect(summary.run.failures.map((failure) => `${failure.source?.name ?? '?'}: ${failure.error.message}`)).toEqual([]);
    expect(summary.run.stats.requests).toMatchObject({ total: 3, failed: 0 });
    expect(summary.run.stats.assertions).toMatchObject({ total: 4, failed: 0 });
    expect(summary.run.executions.map((execution) => [execution.item.name, execution.response?.code])).toEqual([
      ['Get pet', 200],
      ['Create pet', 200],
      ['Login form', 200],
    ]);

    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /pets/42?fields=name,tag',
      'POST /pets',
      'POST /login',
    ]);
    const [get, create, login] = received;
    // Folder auth (basic) overrides the collection's bearer; noauth on the request sends none.
    expect(get?.headers.authorization).toBe(`Basic ${Buffer.from('ana:s3cret').toString('base64')}`);
    expect(get?.headers['x-off']).toBeUndefined();
    expect(create?.headers.authorization).toBe(`Basic ${Buffer.from('ana:s3cret').toString('base64')}`);
    expect(JSON.parse(create?.body ?? '')).toEqual({ name: 'Rex', id: 43 });
    expect(login?.headers.authorization).toBeUndefined();
    expect(login?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('runs a fixture that went through import and export, reaching only loopback', async () => {
    // The v2.0 fixture's "Bearer echo" request, pointed at this server: v2.0 auth and path variables survive into a v2.1 run.
    const imported = importPostmanCollection({
      info: { name: 'From v2.0', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
      item: [
        {
          name: 'Bearer echo',
          request: {
            auth: { type: 'bearer', bearer: { token: 'abc' } },
            url: { raw: `http://127.0.0.1:${port}/echo/:section`, variable: [{ id: 'section', value: 'headers' }] },
            method: 'PUT',
            header: 'X-Old: 1\n//X-Disabled: 2',
            body: { mode: 'raw', raw: 'plain text body' },
          },
          event: [{ listen: 'test', script: { exec: "tests['status 200'] = responseCode.code === 200;" } }],
        },
      ],
    });
    const file = join(dir, 'from-v2.0.json');
    writeFileSync(file, stringifyPostmanCollection(imported));
    const before = received.length;
    const summary = await runNewman({ collection: file, reporters: [] });
    expect(summary.run.failures).toEqual([]);
    expect(summary.run.stats.assertions).toMatchObject({ total: 1, failed: 0 });
    const got = received[before];
    expect(`${got?.method} ${got?.url}`).toBe('PUT /echo/headers');
    expect(got?.headers.authorization).toBe('Bearer abc');
    expect(got?.headers['x-old']).toBe('1');
    expect(got?.headers['x-disabled']).toBeUndefined();
    expect(got?.body).toBe('plain text body');
  });
});
