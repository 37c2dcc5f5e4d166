import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';

/** Where the Electron binary is, or why there is none; found as the electron package finds it, without requiring it (its index.js downloads). */
export function electronBinary(root: string, env: NodeJS.ProcessEnv = process.env): { path: string } | { reason: string } {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const name = relative || (process.platform === 'win32' ? 'electron.exe' : 'electron');
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined && override !== '') {
    const path = join(override, name);
    return existsSync(path) ? { path } : { reason: `no Electron binary at ${path} (ELECTRON_OVERRIDE_DIST_PATH)` };
  }
  const path = join(pkg, 'dist', name);
  if (relative === '' || !existsSync(path)) {
    return { reason: 'no Electron binary is installed: the electron package downloads it on first use, which this machine cannot do; set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run this project' };
  }
  return { path };
}

/** Why the Electron app cannot be driven here (no binary, no build, no display), or undefined when it can. */
export function electronUnavailable(root: string): string | undefined {
  const binary = electronBinary(root);
  if ('reason' in binary) return binary.reason;
  if (!existsSync(join(root, 'dist', 'main', 'index.js')) || !existsSync(join(root, 'dist', 'preload', 'index.cjs'))) return 'the desktop app is not built: run `npm run build:desktop`';
  if (process.platform === 'linux' && (process.env['DISPLAY'] ?? '') === '' && (process.env['WAYLAND_DISPLAY'] ?? '') === '') return 'no display: run under `xvfb-run -a`';
  return undefined;
}

export interface RunningElectron {
  readonly app: ElectronApplication;
  readonly window: Page;
  /** The renderer's own URL: tests `goto` it to start from a fresh page. */
  readonly url: string;
}

/** The real desktop app over a throwaway data folder, with a passphrase vault and only the given policy folder. */
export async function launchElectron(root: string, options: { dataDir: string; policyDir: string }): Promise<RunningElectron> {
  const binary = electronBinary(root);
  if ('reason' in binary) throw new Error(binary.reason);
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [root, `--data-dir=${options.dataDir}`],
    env: { ...process.env, POSTERN_VAULT_PASSPHRASE: 'e2e passphrase, not a secret', POSTERN_POLICY_DIR: options.policyDir },
  });
  const window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
  return { app, window, url: window.url() };
}
