import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openInBrowser } from '../../src/cli/web/open-browser.js';
import { until } from './harness.js';

const URL = 'http://127.0.0.1:4567/#token=SECRET_TOKEN_abcdefghijklmnopqrstuvwxyz0123';
const bin = mkdtempSync(join(tmpdir(), 'postern-fake-opener-'));
const savedPath = process.env['PATH'];
afterAll(() => {
  process.env['PATH'] = savedPath;
  rmSync(bin, { recursive: true, force: true });
});

// Linux only: the opener is xdg-open, replaced here by a script that records its arguments.
describe.runIf(process.platform === 'linux')('openInBrowser', () => {
  it('gives the browser a private redirect file, never the token on a command line', async () => {
    const record = join(bin, 'argv.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
    const opening = await openInBrowser(URL, 'linux');
    expect(opening.opened).toBe(true);
    await until(() => existsSync(record));
    const argv = readFileSync(record, 'utf8').trim();
    expect(argv).toMatch(/^file:\/\/\/.*open-postern\.html$/);
    expect(argv).not.toContain('SECRET_TOKEN');
    const file = fileURLToPath(argv);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain(`<meta http-equiv="refresh" content="0;url=${URL}">`);
    expect(page).not.toContain('<script');
    await opening.close();
    expect(existsSync(file)).toBe(false);
  });

  it('says it could not open when there is no opener, and leaves no file', async () => {
    const redirectDirs = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('postern-open-'));
    const before = redirectDirs();
    process.env['PATH'] = join(bin, 'empty');
    const opening = await openInBrowser(URL, 'linux');
    process.env['PATH'] = savedPath;
    expect(opening.opened).toBe(false);
    expect(redirectDirs()).toEqual(before);
  });
});
