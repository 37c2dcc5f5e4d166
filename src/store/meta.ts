import type { StoreContext } from './context.js';
import { readAll, writeAll } from './context.js';

/**
 * Small facts about the database itself, as text under a key: which vault protects its secrets and,
 * in passphrase mode, the vault's header (wrapped keys and scrypt salt; nothing secret).
 */
export class MetaTable {
  constructor(private readonly ctx: StoreContext) {}

  /** The value under `key`, or undefined when none was set. */
  get(key: string): string | undefined {
    const row = readAll(this.ctx, `reading meta "${key}"`, () =>
      this.ctx.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key),
    );
    return row?.value;
  }

  set(key: string, value: string): void {
    writeAll(this.ctx, `saving meta "${key}"`, () => {
      this.ctx.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
    });
  }

  delete(key: string): void {
    writeAll(this.ctx, `deleting meta "${key}"`, () => {
      this.ctx.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    });
  }
}
