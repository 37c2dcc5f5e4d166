import { desktopDataDir, PASSPHRASE_ENV } from '../src/cli/web/index.js';
import type { DesktopServicesOptions } from '../src/services/index.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The data folder: `--data-dir DIR` (or `--data-dir=DIR`) on the command line, else the same folder
 * browser mode uses (src/cli/web), so the Electron app and `postern web` share one database.
 */
export function dataDirFrom(argv: readonly string[], env: Env): string {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--data-dir=') && arg.length > '--data-dir='.length) return arg.slice('--data-dir='.length);
    const next = argv[i + 1];
    if (arg === '--data-dir' && next !== undefined && next !== '' && !next.startsWith('--')) return next;
  }
  return desktopDataDir(env);
}

/** The OS keychain, or a passphrase from POSTERN_VAULT_PASSPHRASE where there is no keychain (as in browser mode). */
export function vaultFrom(env: Env): DesktopServicesOptions['vault'] {
  const passphrase = env[PASSPHRASE_ENV];
  return passphrase !== undefined && passphrase !== '' ? { passphrase } : {};
}
