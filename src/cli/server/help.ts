import { MASTER_KEY_ENV, SERVER_SETTINGS } from '../../server/config.js';

/** Built from the settings table, so every setting is documented with its flag, variable and default. */
function settingsText(): string {
  const lines: string[] = [];
  for (const s of SERVER_SETTINGS) {
    lines.push(`  --${s.flag} ${s.placeholder}`.padEnd(34) + `env ${s.env}`);
    lines.push(`      ${s.description}`);
    lines.push(`      default: ${s.defaultText}`);
  }
  lines.push(`  (no flag)`.padEnd(34) + `env ${MASTER_KEY_ENV}`);
  lines.push('      the master key itself (64 hex characters or base64 of 32 bytes), instead of a key file');
  lines.push('      default: unset; a flag wins over its variable, and setting both key variables is refused');
  return lines.join('\n');
}

export const SERVER_HELP = `Usage: postern server [options]          run the team server until SIGTERM/SIGINT
       postern server migrate [options]  apply database migrations and exit
       postern server audit verify [--json] [options]
                                         check every audit hash chain; exit 1 when one is broken
       postern server master-key generate
                                         print a new random master key (put it in a file, mode 0600)

With no settings the server keeps a SQLite database in its data directory, creates a master key
there on the first start, and listens on http://127.0.0.1:8420. Set DATABASE_URL for PostgreSQL;
several processes may then share one database (give them all the same master key).

Settings (flag, environment variable, default)
${settingsText()}

Endpoints: /healthz (alive), /readyz (database answers), /openapi.json (OpenAPI 3.1).
Logs: JSON lines on stdout; authorization, cookies, API keys, passwords, codes and tokens are redacted.
`;
