import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Request } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { tempDir } from './support.js';

function get(path: string): Request {
  return { method: 'GET', url: `http://127.0.0.1:8080/${path}`, query: [], pathVariables: [], headers: [], body: { mode: 'none' } };
}

describe('history', () => {
  let file: string;
  let store: Store;
  let workspaceId: string;

  beforeEach(() => {
    file = join(tempDir(), 'postern.db');
    store = openStore(file, { historyBodyBytes: 16 });
    workspaceId = store.workspaces.create('Team').id;
  });
  afterEach(() => store.close());

  it('keeps the request and a bounded response summary, newest first', () => {
    const body = Buffer.from('{"items":[1,2,3,4,5,6,7,8,9]}');
    store.history.add(workspaceId, { request: get('a'), sentAt: new Date(1_000), response: { status: 200, timeMs: 12.5, size: body.length, headers: [{ key: 'Content-Type', value: 'application/json', enabled: true }], body } });
    store.history.add(workspaceId, { request: get('b'), sentAt: new Date(2_000), error: 'connection refused by 127.0.0.1:9' });
    store.close();
    store = openStore(file, { historyBodyBytes: 16 });

    const [newest, oldest] = store.history.list(workspaceId);
    expect(newest).toMatchObject({ url: 'http://127.0.0.1:8080/b', error: 'connection refused by 127.0.0.1:9', bodyTruncated: false });
    expect(newest?.response).toBeUndefined();
    expect(oldest?.request).toEqual(get('a'));
    expect(oldest?.sentAt.getTime()).toBe(1_000);
    expect(oldest?.response?.status).toBe(200);
    expect(oldest?.response?.size).toBe(body.length);
    expect(oldest?.response?.headers).toEqual([{ key: 'Content-Type', value: 'application/json', enabled: true }]);
    expect(oldest?.response?.body.toString()).toBe(body.subarray(0, 16).toString());
    expect(oldest?.bodyTruncated).toBe(true);
  });

  it('masks secret values in everything it keeps, on disk too', () => {
    const secret = 'tok-9f8e7d6c5b4a';
    const request: Request = { ...get(`items?key=${secret}`), headers: [{ key: 'Authorization', value: `Bearer ${secret}`, enabled: true }] };
    const body = Buffer.from(`{"echo":"${secret}"}`);
    store.history.add(workspaceId, {
      request,
      secrets: [secret],
      response: { status: 200, timeMs: 1, size: body.length, headers: [{ key: 'X-Token', value: secret, enabled: true }], body },
    });
    const [entry] = store.history.list(workspaceId);
    expect(entry?.url).toBe('http://127.0.0.1:8080/items?key=••••••');
    expect(entry?.request.headers[0]?.value).toBe('Bearer ••••••');
    expect(entry?.response?.headers[0]?.value).toBe('••••••');
    store.close();
    const raw = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    expect(raw.includes(Buffer.from(secret))).toBe(false);
    store = openStore(file, { historyBodyBytes: 16 });
  });

  it('pages back with beforeId and keeps workspaces apart', () => {
    const other = store.workspaces.create('Other').id;
    for (let i = 0; i < 10; i++) store.history.add(i % 2 === 0 ? workspaceId : other, { request: get(`r${i}`) });
    const first = store.history.list(workspaceId, 3);
    expect(first.map((e) => e.url.split('/').pop())).toEqual(['r8', 'r6', 'r4']);
    const next = store.history.list(workspaceId, 3, first[2]?.id);
    expect(next.map((e) => e.url.split('/').pop())).toEqual(['r2', 'r0']);
    expect(store.history.count(other)).toBe(5);
  });

  it('prunes the oldest beyond history.maxEntries on every insert and after the setting is lowered', () => {
    store.settings.save({ history: { maxEntries: 5 } });
    for (let i = 0; i < 12; i++) store.history.add(workspaceId, { request: get(`r${i}`) });
    expect(store.history.count()).toBe(5);
    expect(store.history.list(workspaceId).map((e) => e.url.split('/').pop())).toEqual(['r11', 'r10', 'r9', 'r8', 'r7']);

    store.settings.save({ history: { maxEntries: 2 } });
    expect(store.history.prune()).toBe(3);
    expect(store.history.list(workspaceId).map((e) => e.url.split('/').pop())).toEqual(['r11', 'r10']);
  });
});
