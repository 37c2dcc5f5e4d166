import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { runWeb } from '../../src/cli/web/index.js';
import type { BrowserOpening } from '../../src/cli/web/open-browser.js';
import { MemoryStream } from '../cli/cli-harness.js';
import { apiCall, json, StandInBackend } from './harness.js';
import type { RunningAgent } from '../../src/agent/index.js';

const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43})$/;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function memoryIo(): { io: CliIo; stdout: MemoryStream; stderr: MemoryStream } {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  return { io: { stdout, stderr, stdoutIsTTY: false }, stdout, stderr };
}

/** A stand-in opener: records the URL, says whether it opened, and notes that its close was called. */
const openerClosed: string[] = [];
function opener(opened: boolean, urls: string[]): (url: string) => Promise<BrowserOpening> {
  return async (url) => {
    urls.push(url);
    return { opened, close: async () => void openerClosed.push(url) };
  };
}

class ClosableBackend extends StandInBackend {
  closed = false;
  dataDir = '';
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Run `postern web` in-process until `stop` is called; resolves once the URL line is out. */
async function startWeb(argv: string[], extra: { openUrl?: (url: string) => Promise<BrowserOpening>; env?: Record<string, string> } = {}) {
  const { io, stdout, stderr } = memoryIo();
  const backend = new ClosableBackend();
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const empty = mkdtempSync(join(tmpdir(), 'postern-web-ui-'));
  dirs.push(empty);
  const exit = runWeb(argv, io, {
    stop: stopped,
    env: extra.env ?? { XDG_DATA_HOME: '/srv/xdg' },
    rendererDir: empty,
    openBackend: async (dataDir) => ((backend.dataDir = dataDir), backend),
    openUrl: extra.openUrl ?? opener(true, []),
  });
  const deadline = Date.now() + 5000;
  while (!stdout.bytes().toString().includes('\n')) {
    if (Date.now() > deadline) throw new Error(`no URL line; stderr: ${stderr.bytes().toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const line = stdout.bytes().toString().trimEnd();
  const match = URL_LINE.exec(line);
  if (!match) throw new Error(`not a URL line: ${line}`);
  const port = Number(match[1]);
  const token = match[2] ?? '';
  const agent = { port, token, origin: `http://127.0.0.1:${port}` } as RunningAgent;
  return { agent, backend, stdout, stderr, exit, stop };
}

describe('postern web (in-process)', () => {
  it('prints exactly one line, the URL with the token, serves the contract, and stops cleanly', async () => {
    const opened: string[] = [];
    const web = await startWeb(['--port', '0'], { openUrl: opener(true, opened) });
    expect(web.stdout.bytes().toString()).toBe(`http://127.0.0.1:${web.agent.port}/#token=${web.agent.token}\n`);
    expect(opened).toEqual([`http://127.0.0.1:${web.agent.port}/#token=${web.agent.token}`]);
    expect(web.backend.dataDir).toBe('/srv/xdg/postern');
    const response = await apiCall(web.agent, { name: 'app.version', input: {} });
    expect(json(response)).toMatchObject({ ok: true, value: { version: '0.1.0-test' } });
    expect(web.stderr.bytes().toString()).toContain('the UI is not built');

    web.stop();
    expect(await web.exit).toBe(0);
    expect(web.backend.closed).toBe(true);
    expect(openerClosed).toContain(opened[0]);
    await expect(apiCall(web.agent, { name: 'app.version', input: {} })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(web.stdout.bytes().toString().split('\n')).toHaveLength(2);
  });

  it('does not open a browser with --no-open, takes --data-dir, and a failed opener is only a note', async () => {
    const opened: string[] = [];
    const quiet = await startWeb(['--no-open', '--data-dir', '/tmp/postern-here'], { openUrl: opener(true, opened) });
    expect(opened).toEqual([]);
    expect(quiet.backend.dataDir).toBe('/tmp/postern-here');
    quiet.stop();
    expect(await quiet.exit).toBe(0);

    const failing = await startWeb([], { openUrl: opener(false, []) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failing.stderr.bytes().toString()).toContain('could not open a browser; open the URL above');
    failing.stop();
    expect(await failing.exit).toBe(0);
  });

  it.each([
    [['--port', 'abc'], '--port must be a number 0-65535, got "abc"'],
    [['--port', '70000'], '--port must be a number 0-65535, got "70000"'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['extra'], 'web takes no arguments, got "extra"'],
  ])('refuses %j with exit 2 and one error line', async (args, message) => {
    const { io, stdout, stderr } = memoryIo();
    const code = await main(['web', ...args], io);
    expect(code).toBe(2);
    expect(stdout.bytes().toString()).toBe('');
    const lines = stderr.bytes().toString().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
  });

  it('documents its options in --help and in the command list', async () => {
    const { io, stdout } = memoryIo();
    expect(await main(['web', '--help'], io)).toBe(0);
    const help = stdout.bytes().toString();
    for (const flag of ['--port', '--no-open', '--data-dir', 'POSTERN_VAULT_PASSPHRASE']) expect(help).toContain(flag);
    const list = memoryIo();
    await main(['--help'], list.io);
    expect(list.stdout.bytes().toString()).toMatch(/\n {2}web +browser mode/);
  });
});
