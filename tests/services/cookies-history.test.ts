import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPosternApi, type PosternApi } from '../../src/api/index.js';
import { DEFAULT_HISTORY_BODY_BYTES } from '../../src/store/index.js';
import { DATABASE_FILE, createDesktopServices, localTransport, type DesktopServices } from '../../src/services/index.js';
import { makeTempDir, readBody, startHttpServer, type RunningServer, type TempDir } from '../support/index.js';
import { VAULT_PASSPHRASE } from './desktop-helpers.js';

const PERSISTENT_VALUE = 'keep-me-7f3a9c1e5b';
const SESSION_VALUE = 'session-only-2d8e4f6a';
const SECRET = 'sk-history-5e6f7a8b9c0d';
const TWO_MB = Buffer.alloc(2 * 1024 * 1024, 'h');
const OVER_LIMIT = Buffer.alloc(DEFAULT_HISTORY_BODY_BYTES + 1024 * 1024, 'o');

/** Every byte SQLite has written for the database: the main file and its WAL. */
function rawDatabase(dataDir: string): Buffer {
  const file = `${dataDir}/${DATABASE_FILE}`;
  return Buffer.concat([file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path)));
}

describe('cookies persist across restarts, history keeps whole responses', () => {
  let server: RunningServer;
  let dir: TempDir;
  let dataDir = '';
  /** The Cookie header of each request to /echo, in order. */
  const cookiesSeen: string[] = [];
  let services: DesktopServices | undefined;

  async function open(): Promise<{ api: PosternApi; workspaceId: string }> {
    services = await createDesktopServices({ dataDir, vault: { passphrase: VAULT_PASSPHRASE }, policy: [] });
    const api = createPosternApi(localTransport(services));
    const existing = (await api.workspaces.list()).workspaces[0];
    const workspaceId = existing ? existing.id : (await api.workspaces.create({ name: 'Team' })).id;
    return { api, workspaceId };
  }

  async function close(): Promise<void> {
    await services?.close();
    services = undefined;
  }

  /** The whole body of a response view, paged in through requests.body as the renderer does. */
  async function wholeBody(api: PosternApi, view: { responseId: string; body: { data: string; offset: number; length: number; totalSize: number; truncated: boolean } }): Promise<string> {
    let text = view.body.data;
    let offset = view.body.offset + view.body.length;
    while (offset < view.body.totalSize) {
      const page = await api.requests.body({ responseId: view.responseId, offset, length: 1024 * 1024 });
      text += page.data;
      offset += page.length;
    }
    return text;
  }

  beforeAll(async () => {
    server = await startHttpServer(async (req, res) => {
      await readBody(req);
      if (req.url === '/login') {
        res.setHeader('Set-Cookie', [`remember=${PERSISTENT_VALUE}; Max-Age=3600; Path=/; HttpOnly`, `sid=${SESSION_VALUE}; Path=/`]);
        res.end('signed in');
        return;
      }
      if (req.url === '/two-mb') return void res.end(TWO_MB);
      if (req.url === '/over-limit') return void res.end(OVER_LIMIT);
      if (req.url?.startsWith('/secret')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ echoed: String(req.headers['authorization'] ?? ''), padding: 'p'.repeat(100_000) }));
        return;
      }
      cookiesSeen.push(String(req.headers.cookie ?? ''));
      res.end('ok');
    });
    dir = makeTempDir('postern-cookies-');
    dataDir = dir.file('data');
  });
  afterAll(async () => {
    await close();
    await server.close();
    dir.cleanup();
  });

  it('keeps persistent cookies (sealed) across a quick close and reopen, drops session cookies, and sends them after restart', async () => {
    let { api, workspaceId } = await open();
    await api.requests.send({ sendId: 'login', workspaceId, request: { url: `${server.url}/login` } });
    await api.requests.send({ sendId: 'echo-1', workspaceId, request: { url: `${server.url}/echo` } });
    expect(cookiesSeen.at(-1)).toBe(`remember=${PERSISTENT_VALUE}; sid=${SESSION_VALUE}`);
    // Closed at once, well inside the batching delay: close must write the jar.
    await close();

    const raw = rawDatabase(dataDir);
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.includes(Buffer.from(PERSISTENT_VALUE))).toBe(false);
    expect(raw.includes(Buffer.from(SESSION_VALUE))).toBe(false);

    ({ api, workspaceId } = await open());
    // History keeps the Set-Cookie headers' names and attributes, not their values.
    const [, loginEntry] = (await api.history.list({ workspaceId, limit: 2 })).entries;
    const login = await api.history.get({ entryId: loginEntry?.id ?? '' });
    expect(login.response?.headers.filter(([name]) => name.toLowerCase() === 'set-cookie')).toEqual([
      ['Set-Cookie', 'remember=••••••; Max-Age=3600; Path=/; HttpOnly'],
      ['Set-Cookie', 'sid=••••••; Path=/'],
    ]);
    const listed = await api.cookies.list();
    expect(listed.domains).toHaveLength(1);
    expect(listed.domains[0]?.domain).toBe('127.0.0.1');
    expect(listed.domains[0]?.cookies).toMatchObject([{ name: 'remember', value: PERSISTENT_VALUE, path: '/', httpOnly: true, hostOnly: true }]);
    expect(Date.parse(listed.domains[0]?.cookies[0]?.expires ?? '')).toBeGreaterThan(Date.now());

    await api.requests.send({ sendId: 'echo-2', workspaceId, request: { url: `${server.url}/echo` } });
    expect(cookiesSeen.at(-1)).toBe(`remember=${PERSISTENT_VALUE}`);
  });

  it('lists, deletes one and clears a domain through the cookie manager, and the deletion persists', async () => {
    let { api, workspaceId } = await open();
    await api.requests.send({ sendId: 'login-2', workspaceId, request: { url: `${server.url}/login` } });
    const before = await api.cookies.list({ domain: '127.0.0.1' });
    expect(before.domains[0]?.cookies.map((c) => [c.name, c.expires === null])).toEqual([
      ['remember', false],
      ['sid', true],
    ]);
    expect(await api.cookies.list({ domain: 'example.test' })).toEqual({ domains: [] });

    expect(await api.cookies.delete({ domain: '127.0.0.1', path: '/', name: 'remember' })).toEqual({ removed: true });
    expect(await api.cookies.delete({ domain: '127.0.0.1', path: '/', name: 'remember' })).toEqual({ removed: false });
    await api.requests.send({ sendId: 'echo-3', workspaceId, request: { url: `${server.url}/echo` } });
    expect(cookiesSeen.at(-1)).toBe(`sid=${SESSION_VALUE}`);
    await close();

    ({ api, workspaceId } = await open());
    expect(await api.cookies.list()).toEqual({ domains: [] });
    await api.requests.send({ sendId: 'login-3', workspaceId, request: { url: `${server.url}/login` } });
    expect(await api.cookies.clear({ domain: '127.0.0.1' })).toEqual({ removed: 2 });
    await api.requests.send({ sendId: 'echo-4', workspaceId, request: { url: `${server.url}/echo` } });
    expect(cookiesSeen.at(-1)).toBe('');
    await api.requests.send({ sendId: 'login-4', workspaceId, request: { url: `${server.url}/login` } });
    expect(await api.cookies.clear()).toEqual({ removed: 2 });
    await close();
  });

  it('brings back a 2 MB body whole, and a larger one truncated with a marker', async () => {
    const { api, workspaceId } = await open();
    await api.requests.send({ sendId: 'two-mb', workspaceId, request: { url: `${server.url}/two-mb` } });
    await api.requests.send({ sendId: 'over', workspaceId, request: { url: `${server.url}/over-limit` } });
    const [over, two] = (await api.history.list({ workspaceId, limit: 2 })).entries;

    const whole = await api.history.get({ entryId: two?.id ?? '' });
    expect(whole.bodyTruncated).toBeNull();
    expect(whole.response?.statusText).toBe('OK');
    expect(whole.response?.timings.totalMs).toBeGreaterThan(0);
    expect(whole.response?.sizes.bodyBytes).toBe(TWO_MB.length);
    expect(whole.response?.body.totalSize).toBe(TWO_MB.length);
    expect(whole.response?.warnings).toEqual([]);
    expect(await wholeBody(api, whole.response ?? { responseId: '', body: { data: '', offset: 0, length: 0, totalSize: 0, truncated: false } })).toBe(TWO_MB.toString());

    const cut = await api.history.get({ entryId: over?.id ?? '' });
    expect(cut.bodyTruncated).toEqual({ keptBytes: DEFAULT_HISTORY_BODY_BYTES, totalBytes: OVER_LIMIT.length });
    expect(cut.response?.sizes.bodyBytes).toBe(OVER_LIMIT.length);
    expect(cut.response?.body.totalSize).toBe(DEFAULT_HISTORY_BODY_BYTES);
    expect(cut.response?.warnings[0]).toBe('truncated at 5 MB: history kept the first 5 MB of this 6 MB body');
    await close();
  });

  it('masks secrets in the history body, on disk too', async () => {
    const { api, workspaceId } = await open();
    const environment = await api.environments.save({
      workspaceId,
      environment: { name: 'Prod', values: [{ key: 'token', type: 'secret', initialValue: '', currentValue: SECRET }] },
    });
    await api.requests.send({ sendId: 'secret', workspaceId, environmentId: environment.id, request: { url: `${server.url}/secret`, headers: [{ key: 'Authorization', value: 'Bearer {{token}}' }] } });
    const [entry] = (await api.history.list({ workspaceId, limit: 1 })).entries;
    const got = await api.history.get({ entryId: entry?.id ?? '' });
    const body = JSON.parse(await wholeBody(api, got.response ?? { responseId: '', body: { data: '{}', offset: 0, length: 0, totalSize: 0, truncated: false } })) as { echoed: string; padding: string };
    expect(body.echoed).toBe('Bearer ••••••');
    expect(body.padding).toHaveLength(100_000);
    expect(JSON.stringify(got)).not.toContain(SECRET);
    await close();
    expect(rawDatabase(dataDir).includes(Buffer.from(SECRET))).toBe(false);
  });
});
