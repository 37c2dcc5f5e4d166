/**
 * `postern server audit verify`: opens the database the server would use, checks every audit hash
 * chain, prints one line per chain and a summary (or one JSON object with --json). Exit 1 when any chain
 * is broken, naming the chain and the entry.
 */
import { existsSync } from 'node:fs';
import type { ServerSettings } from '../../server/config.js';
import { ServerError } from '../../server/errors.js';
import { createAuditService } from '../../server/services/audit/index.js';
import { openServerContext, openServerDatabase } from '../../server/start.js';

export interface VerifyOptions {
  readonly json: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly print: (line: string) => void;
}

export async function verifyAuditChains(settings: ServerSettings, options: VerifyOptions): Promise<number> {
  // A tool that checks must not create: no database file, or no key, is an error here.
  if (settings.databaseUrl === null && !existsSync(settings.sqliteFile)) {
    throw new ServerError('CONFIG_INVALID', `No database at ${settings.sqliteFile}: give the server's --data-dir or DATABASE_URL`);
  }
  const database = await openServerDatabase(settings);
  try {
    const ctx = await openServerContext(settings, database, { env: options.env, createKey: false });
    const results = await createAuditService(ctx).verify();
    const broken = results.filter((r) => !r.report.ok);
    const entries = results.reduce((sum, r) => sum + r.report.checked, 0);
    if (options.json) {
      options.print(
        JSON.stringify({
          ok: broken.length === 0,
          chains: results.map((r) =>
            r.report.ok
              ? { chain: r.chain, ok: true, checked: r.report.checked, lastSeq: r.report.lastSeq }
              : { chain: r.chain, ok: false, checked: r.report.checked, brokenAtSeq: r.report.brokenAtSeq, problem: r.report.problem, message: r.report.message },
          ),
          entries,
        }),
      );
    } else {
      for (const r of results) {
        options.print(
          r.report.ok
            ? `ok      ${r.chain}: ${r.report.checked} entries, last seq ${r.report.lastSeq}`
            : `BROKEN  ${r.chain}: entry seq ${r.report.brokenAtSeq}: ${r.report.message}`,
        );
      }
      options.print(
        broken.length === 0
          ? `Audit log intact: ${results.length} chain${results.length === 1 ? '' : 's'}, ${entries} entries verified`
          : `Audit log BROKEN: ${broken.length} of ${results.length} chains fail verification (${broken.map((r) => r.chain).join(', ')})`,
      );
    }
    return broken.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}
