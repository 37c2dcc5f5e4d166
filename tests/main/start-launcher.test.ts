import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt, spawnNode, type NodeProcess } from '../agent/process.js';
import { makeTempDir, type TempDir } from '../support/index.js';

const LAUNCHER = join(ROOT, 'tools', 'start.mjs');
const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/;

type Launch = NodeProcess;

function launch(args: readonly string[], env: NodeJS.ProcessEnv): Launch {
  return spawnNode(LAUNCHER, args, env);
}

describe('npm start (tools/start.mjs)', () => {
  let dir: TempDir;
  const running: Launch[] = [];
  beforeAll(async () => {
    await ensureBuilt();
    dir = makeTempDir('postern-start-');
    mkdirSync(dir.file('policy'));
  }, 300_000);
  afterAll(() => {
    for (const run of running) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    dir.cleanup();
  });

  function env(extra: Record<string, string>): NodeJS.ProcessEnv {
    return { PATH: process.env['PATH'] ?? '', HOME: dir.path, POSTERN_POLICY_DIR: dir.file('policy'), POSTERN_VAULT_PASSPHRASE: 'correct horse battery staple', ...extra };
  }

  /** A stand-in for the Electron binary: a script that writes its arguments down, then acts as told. */
  function fakeElectron(name: string, body: string): string {
    const dist = dir.file(name);
    mkdirSync(dist);
    const binary = join(dist, 'electron');
    writeFileSync(binary, `#!/bin/sh\necho "$@" > "${join(dist, 'args.txt')}"\n${body}\n`);
    chmodSync(binary, 0o755);
    return dist;
  }

  async function expectBrowserMode(run: Launch, reason: RegExp): Promise<void> {
    running.push(run);
    await run.waitFor((out) => out.includes('\n'));
    const [line] = run.stdout().split('\n');
    expect(line).toMatch(URL_LINE);
    expect(run.stderr().split('\n')[0]).toMatch(reason);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  }

  it('without an Electron binary, says so in one line and serves browser mode, printing the URL', async () => {
    const run = launch(['--no-open', '--port', '0', '--data-dir', dir.file('data-1')], env({ DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: dir.file('no-electron-here') }));
    await expectBrowserMode(run, /^postern: Electron cannot start here: no Electron binary at .*no-electron-here.*; falling back to browser mode$/);
  });

  it('without a display, falls back the same way and never runs the binary', async () => {
    const dist = fakeElectron('display', 'exit 0');
    const run = launch(['--no-open', '--data-dir', dir.file('data-2')], env({ ELECTRON_OVERRIDE_DIST_PATH: dist }));
    await expectBrowserMode(run, /^postern: Electron cannot start here: no display \(neither DISPLAY nor WAYLAND_DISPLAY is set\); falling back to browser mode$/);
    expect(() => readFileSync(join(dist, 'args.txt'))).toThrow();
  });

  it('falls back when the app exits with an error at start', async () => {
    const dist = fakeElectron('crashing', 'exit 3');
    const run = launch(['--no-open', '--data-dir', dir.file('data-3')], env({ DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: dist }));
    await expectBrowserMode(run, /^postern: Electron cannot start here: the Electron app exited at start with code 3; falling back to browser mode$/);
    expect(readFileSync(join(dist, 'args.txt'), 'utf8').trim()).toBe(`${ROOT} --no-open --data-dir ${dir.file('data-3')}`);
  });

  it('runs the Electron app on this checkout when it can, and passes SIGTERM on', async () => {
    const dist = fakeElectron('working', `echo "run-as-node=[$ELECTRON_RUN_AS_NODE]" > "${dir.file('working-env.txt')}"\nexec sleep 30`);
    const run = launch(['--data-dir', dir.file('data-4')], env({ DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' }));
    running.push(run);
    const args = join(dist, 'args.txt');
    await run.waitFor(() => {
      try {
        return readFileSync(args, 'utf8').includes('\n') && readFileSync(dir.file('working-env.txt'), 'utf8').includes('\n');
      } catch {
        return false;
      }
    });
    expect(readFileSync(args, 'utf8').trim()).toBe(`${ROOT} --data-dir ${dir.file('data-4')}`);
    // Left set, it would make the binary a plain Node.
    expect(readFileSync(dir.file('working-env.txt'), 'utf8').trim()).toBe('run-as-node=[]');
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe('');
  });
});
