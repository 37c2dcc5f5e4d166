import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseBodies, encodePage } from './response-bodies.js';

describe('ResponseBodies', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('masks a secret that straddles a page edge, keeping offsets true', async () => {
    const bodies = new ResponseBodies();
    const id = bodies.keep({ kind: 'memory', bytes: Buffer.from('token=hunter2;') }, ['hunter2']);
    const first = await bodies.page(id, 0, 9);
    const second = await bodies.page(id, 9, 100);
    expect(first).toMatchObject({ data: 'token=***', offset: 0, length: 9, totalSize: 14, truncated: true });
    expect(second).toMatchObject({ data: '****;', offset: 9, length: 5, truncated: false });
  });

  it('reads pages from a spilled file and deletes it when the body is dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postern-bodies-'));
    dirs.push(dir);
    const path = join(dir, 'body');
    writeFileSync(path, 'abcdefghij');
    const bodies = new ResponseBodies(1);
    const id = bodies.keep({ kind: 'file', path, size: 10 });
    expect(await bodies.page(id, 3, 4)).toMatchObject({ data: 'defg', offset: 3, length: 4, truncated: true });
    bodies.keep({ kind: 'memory', bytes: Buffer.from('newer') });
    await expect(bodies.page(id, 0, 1)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    await bodies.close();
    expect(existsSync(path)).toBe(false);
  });

  it('encodes binary as base64 and leaves a cut character for the next page', () => {
    expect(encodePage(Buffer.from([0, 1, 2, 255]), 0, 4)).toMatchObject({ encoding: 'base64', data: 'AAEC/w==', length: 4 });
    const euro = Buffer.from('a€', 'utf8'); // 1 + 3 bytes
    expect(encodePage(euro.subarray(0, 3), 0, 4)).toMatchObject({ encoding: 'text', data: 'a', length: 1, truncated: true });
  });
});
