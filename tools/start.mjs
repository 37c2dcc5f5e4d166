#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the Electron app, or browser mode where Electron cannot start here.
 *
 * Electron cannot start when there is no binary (the electron package downloads it on first use, which
 * needs the network; it is never downloaded from here), when there is no display (Linux without
 * DISPLAY or WAYLAND_DISPLAY), or when the app exits at once with an error. Then one line on stderr
 * says why, and `postern web` runs instead, printing its URL on stdout. Arguments go to either.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_PACKAGE = join(ROOT, 'node_modules', 'electron');
/** An app that dies this soon with an error did not start (a missing library, a bad native module). */
const EARLY_EXIT_MS = 5000;

/**
 * The Electron binary, found the way the electron package finds it, but without requiring it: its
 * index.js downloads a missing binary as a side effect.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ path: string } | { reason: string }}
 */
function electronBinary(env) {
  const pathFile = join(ELECTRON_PACKAGE, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined && override !== '') {
    const path = join(override, relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(path) ? { path } : { reason: `no Electron binary at ${path} (ELECTRON_OVERRIDE_DIST_PATH)` };
  }
  if (!existsSync(ELECTRON_PACKAGE)) return { reason: 'the electron package is not installed' };
  const path = join(ELECTRON_PACKAGE, 'dist', relative || 'electron');
  if (relative === '' || !existsSync(path)) return { reason: 'no Electron binary is installed (it is downloaded on first use; run `npx install-electron` where the network allows)' };
  return { path };
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined} why there is no display, or undefined
 */
function noDisplay(env) {
  if (process.platform === 'win32' || process.platform === 'darwin') return undefined;
  if ((env['DISPLAY'] ?? '') !== '' || (env['WAYLAND_DISPLAY'] ?? '') !== '') return undefined;
  return 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/** @param {string} reason @param {string[]} args */
async function browserMode(reason, args) {
  process.stderr.write(`postern: Electron cannot start here: ${reason}; falling back to browser mode\n`);
  const cli = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'cli', 'main.js')).href);
  process.exitCode = await cli.main(['web', ...args]);
}

/** @param {string} binary @param {string[]} args */
function electronApp(binary, args) {
  const env = { ...process.env };
  // Set, it would make the binary a plain Node.
  delete env['ELECTRON_RUN_AS_NODE'];
  const started = Date.now();
  const child = spawn(binary, [ROOT, ...args], { stdio: 'inherit', env, windowsHide: false });
  const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.once('error', (error) => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    void browserMode(`${binary} did not run (${error.message})`, args);
  });
  child.once('exit', (code, signal) => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    if (code !== null && code !== 0 && Date.now() - started < EARLY_EXIT_MS) {
      void browserMode(`the Electron app exited at start with code ${code}`, args);
      return;
    }
    process.exitCode = code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
  });
}

const args = process.argv.slice(2);
const binary = electronBinary(process.env);
const display = noDisplay(process.env);
if ('reason' in binary) await browserMode(binary.reason, args);
else if (display !== undefined) await browserMode(display, args);
else electronApp(binary.path, args);
