import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Request } from '../../src/model/index.js';
import { DEFAULT_HISTORY_BODY_BYTES, openStore } from '../../src/store/index.js';
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

  it('keeps a 2 MB body whole, and the first 5 MB of a larger one marked truncated', () => {
    store.close();
    store = openStore(file);
    expect(store.history.bodyLimit).toBe(DEFAULT_HISTORY_BODY_BYTES);
    const whole = Buffer.alloc(2 * 1024 * 1024, 'a');
    const large = Buffer.alloc(DEFAULT_HISTORY_BODY_BYTES + 1, 'b');
    const summary = (body: Buffer): { status: number; timeMs: number; size: number; headers: []; body: Buffer; details: Record<string, unknown> } =>
      ({ status: 200, timeMs: 3, size: body.length, headers: [], body, details: { statusText: 'OK', tls: { protocol: 'TLSv1.3' } } });
    store.history.add(workspaceId, { request: get('whole'), response: summary(whole) });
    store.history.add(workspaceId, { request: get('large'), response: summary(large) });
    // A caller that read only the first bytes of a 9 MB body: still marked truncated.
    store.history.add(workspaceId, { request: get('partial'), response: { ...summary(large.subarray(0, 100)), size: 9_000_000 } });
    store.close();
    store = openStore(file);

    const [partial, cut, kept] = store.history.list(workspaceId);
    expect(kept?.response?.body.equals(whole)).toBe(true);
    expect(kept?.bodyTruncated).toBe(false);
    expect(kept?.response?.details).toEqual({ statusText: 'OK', tls: { protocol: 'TLSv1.3' } });
    expect(cut?.response?.body.length).toBe(DEFAULT_HISTORY_BODY_BYTES);
    expect(cut?.response?.size).toBe(large.length);
    expect(cut?.bodyTruncated).toBe(true);
    expect(partial?.bodyTruncated).toBe(true);
    expect(partial?.response?.size).toBe(9_000_000);
  });

  it('masks a secret that straddles the cut, and cuts text on a character boundary', () => {
    const secret = 'sk-live-0123456789';
    // 10 bytes of 'é' (2 bytes each) put the cut at 16 in the middle of the secret.
    const body = Buffer.from(`ééééé${secret}ééé`);
    store.history.add(workspaceId, { request: get('straddle'), secrets: [secret], response: { status: 200, timeMs: 1, size: body.length, headers: [], body } });
    const odd = Buffer.from('éééééééééé'); // cut at 16 would split nothing; at 15 it would split a character
    store.close();
    store = openStore(file, { historyBodyBytes: 15 });
    store.history.add(workspaceId, { request: get('odd'), response: { status: 200, timeMs: 1, size: odd.length, headers: [], body: odd } });
    const [oddEntry, straddle] = store.history.list(workspaceId);
    expect(straddle?.response?.body.toString()).toBe('ééééé••');
    expect(straddle?.response?.body.includes(Buffer.from(secret.slice(0, 4)))).toBe(false);
    expect(straddle?.bodyTruncated).toBe(true);
    expect(oddEntry?.response?.body.toString()).toBe('ééééééé');
  });

  it('masks secrets in a body that is not text, byte for byte', () => {
    const secret = 'tok-binary-77';
    const body = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(secret), Buffer.from([0x00])]);
    store.close();
    store = openStore(file);
    store.history.add(workspaceId, { request: get('bin'), secrets: [secret], response: { status: 200, timeMs: 1, size: body.length, headers: [], body } });
    const [entry] = store.history.list(workspaceId);
    expect(entry?.response?.body).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.alloc(secret.length, '*'), Buffer.from([0x00])]));
  });

  it('gives the space of large kept bodies back when history is cleared', () => {
    store.close();
    store = openStore(file);
    const body = Buffer.alloc(4 * 1024 * 1024, 'z');
    for (let i = 0; i < 5; i++) store.history.add(workspaceId, { request: get(`big${i}`), response: { status: 200, timeMs: 1, size: body.length, headers: [], body } });
    store.close(); // checkpoints the WAL into the file
    store = openStore(file);
    const grown = statSync(file).size;
    expect(grown).toBeGreaterThan(20 * 1024 * 1024);
    store.history.clear(workspaceId);
    expect(store.history.count(workspaceId)).toBe(0);
    store.close();
    expect(statSync(file).size).toBeLessThan(grown / 10);
    store = openStore(file);
  });
});
