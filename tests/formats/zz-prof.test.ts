import { it } from 'vitest';
import { CollectionIn } from '../../src/formats/postman/input-schema.js';
import { importPostmanCollection } from '../../src/formats/index.js';
it('prof', () => {
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
  const best = { parse: Infinity, zod: Infinity, all: Infinity };
  for (let round = 0; round < 10; round++) {
    let t = performance.now();
    const doc = JSON.parse(text);
    best.parse = Math.min(best.parse, performance.now() - t);
    t = performance.now();
    CollectionIn.safeParse(doc);
    best.zod = Math.min(best.zod, performance.now() - t);
    t = performance.now();
    importPostmanCollection(doc);
    best.all = Math.min(best.all, performance.now() - t);
  }
  console.log('BEST', JSON.stringify(best), text.length);
});
