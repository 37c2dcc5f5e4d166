import type { StoreContext } from './context.js';
import { writeAll } from './context.js';
import { sealAad } from './sealer.js';

/** Opens a sealed value and seals it again (under a new key) for the same record. */
export type ResealValue = (sealed: Buffer, aad: string) => Buffer;

export interface SealedColumn {
  readonly table: string;
  readonly column: string;
  /** The field name in the blob's aad (`table:rowid:field`), as the writer used it. */
  readonly field: string;
}

/**
 * Every column that holds a sealed blob, with the aad field its writer binds it to. A new sealed
 * column must be listed here, or key rotation would leave its values under a retired key.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'variables', column: 'current_sealed', field: 'current_value' },
  { table: 'client_certificates', column: 'passphrase_sealed', field: 'passphrase' },
  { table: 'app_settings', column: 'proxy_password_sealed', field: 'proxy_password' },
  { table: 'cookie_jar', column: 'jar_sealed', field: 'jar' },
];

/**
 * Replace every sealed blob with `reseal(blob, aad)` in one transaction and return how many were
 * resealed. If `reseal` throws for any value, nothing is written.
 */
export function resealAll(ctx: StoreContext, reseal: ResealValue): number {
  return writeAll(ctx, 'resealing secret values', () => {
    let count = 0;
    for (const { table, column, field } of SEALED_COLUMNS) {
      // "AS rowid": on a table whose INTEGER PRIMARY KEY aliases rowid, SQLite names the column after the key.
      const rows = ctx.db
        .prepare<[], { rowid: number; blob: Buffer }>(`SELECT rowid AS rowid, ${column} AS blob FROM ${table} WHERE ${column} IS NOT NULL ORDER BY rowid`)
        .all();
      const update = ctx.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`);
      for (const row of rows) {
        update.run(reseal(row.blob, sealAad(table, row.rowid, field)), row.rowid);
        count += 1;
      }
    }
    return count;
  });
}
