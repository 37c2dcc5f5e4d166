import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface SystemPaths {
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

/**
 * The desktop app's data folder, shared by browser mode and the Electron app:
 * Linux and others `$XDG_DATA_HOME/postern` (`~/.local/share/postern`), macOS
 * `~/Library/Application Support/Postern`, Windows `%APPDATA%\Postern`.
 */
export function desktopDataDir(env: Readonly<Record<string, string | undefined>>, system: SystemPaths = { platform: process.platform, home: homedir() }): string {
  if (system.platform === 'darwin') return join(system.home, 'Library', 'Application Support', 'Postern');
  if (system.platform === 'win32') {
    const appData = env['APPDATA'];
    return appData !== undefined && appData !== '' ? join(appData, 'Postern') : join(system.home, 'AppData', 'Roaming', 'Postern');
  }
  const xdg = env['XDG_DATA_HOME'];
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'postern');
  return join(system.home, '.local', 'share', 'postern');
}
