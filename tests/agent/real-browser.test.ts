/**
 * Browser mode in a real browser (Debian's Chromium through Playwright): the transport bundled as the
 * renderer will bundle it, served by the agent under its CSP, calling and listening for real; and a
 * foreign page that knows the token, which the browser's own Origin header gets refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../src/agent/index.js';
import { ROOT } from './process.js';
import { startTestAgent, type StandInBackend } from './harness.js';

const PAGE_SCRIPT = `
import { createPosternApi } from './src/api/index.js';
import { httpTransport } from './renderer/transport/index.js';
const out = document.getElementById('out');
const show = (key, value) => { out.dataset[key] = JSON.stringify(value); };
const api = createPosternApi(httpTransport());
show('hash', location.hash);
api.app.version().then((v) => show('version', v.version), (e) => show('version', 'error ' + e.code));
api.requests.cancel({ sendId: 's1' }).catch((e) => show('cancel', { code: e.code, where: e.wire.where }));
const events = [];
api.on('sync.status', (payload) => { events.push(payload); show('events', events); }).ready.then(() => show('ready', true), (e) => show('ready', e.code));
`;

/** The attacker: a page elsewhere that somehow knows the agent's port and token. */
function attackerPage(agentPort: number, token: string): string {
  return `<!doctype html><meta charset="utf-8"><title>evil</title><pre id="out"></pre><script>
const out = document.getElementById('out');
const agent = 'http://127.0.0.1:${agentPort}';
fetch(agent + '/api/call', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ${token}' }, body: JSON.stringify({ name: 'app.version', input: {} }) })
  .then((r) => r.text().then((t) => { out.dataset.fetch = 'read ' + r.status + ' ' + t; }), (e) => { out.dataset.fetch = 'blocked'; });
fetch(agent + '/api/call', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ name: 'app.version', input: {} }) })
  .then(() => { out.dataset.nocors = 'sent'; }, () => { out.dataset.nocors = 'failed'; });
const ws = new WebSocket('ws://127.0.0.1:${agentPort}/api/events', ['postern.events.v1', 'postern.token.${token}']);
ws.onopen = () => { out.dataset.ws = 'open'; };
ws.onclose = () => { if (out.dataset.ws !== 'open') out.dataset.ws = 'refused'; };
</script>`;
}

let dir: string;
let agent: RunningAgent;
let backend: StandInBackend;
let browser: Browser;
let attacker: Server;
let attackerOrigin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'postern-agent-browser-'));
  const site = join(dir, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>Postern</title><link rel="icon" href="data:,"><script type="module" src="/assets/app.js"></script></head><body><pre id="out"></pre></body></html>');
  await build({ stdin: { contents: PAGE_SCRIPT, resolveDir: ROOT, loader: 'js' }, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: join(site, 'assets', 'app.js'), logLevel: 'silent' });
  ({ agent, backend } = await startTestAgent({ staticDir: site }));
  attacker = createServer((_request, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end(attackerPage(agent.port, agent.token));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await agent?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode in Chromium', () => {
  it('runs the page under the CSP, calls the contract, streams events, and drops the token from the URL', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(agent.url);
    const out = page.locator('#out');
    await expect.poll(() => out.getAttribute('data-version')).toBe('"0.1.0-test"');
    await expect.poll(() => out.getAttribute('data-cancel')).toBe(JSON.stringify({ code: 'ABORTED', where: { path: 'sendId' } }));
    expect(page.url()).toBe(`${agent.origin}/`);
    // Read by the page right after the transport was made: the fragment is already gone.
    expect(await out.getAttribute('data-hash')).toBe('""');

    // The page awaited the agent's acknowledgement: the subscription is in place before anything is emitted.
    await expect.poll(() => out.getAttribute('data-ready')).toBe('true');
    expect(backend.listenerCount('sync.status')).toBe(1);
    backend.emit('sync.status', { state: 'synced' });
    await expect.poll(() => out.getAttribute('data-events')).toBe(JSON.stringify([{ state: 'synced' }]));
    // The CSP let our own script and socket run; nothing was blocked or thrown.
    expect(problems).toEqual([]);
    await page.close();
  });

  it("refuses a foreign page that knows the token: the browser's Origin gives it away", async () => {
    const before = backend.calls.length;
    const page = await browser.newPage();
    await page.goto(attackerOrigin);
    const out = page.locator('#out');
    await expect.poll(() => out.getAttribute('data-fetch')).toBe('blocked');
    await expect.poll(() => out.getAttribute('data-ws')).toBe('refused');
    await expect.poll(() => out.getAttribute('data-nocors')).not.toBeNull();
    expect(backend.calls.length).toBe(before);
    expect(backend.listenerCount('runner.progress')).toBe(0);
    await page.close();
  });
});
