import type Database from 'better-sqlite3';
import { CollectionTable } from './collections.js';
import type { StoreContext } from './context.js';
import { CookieJarTable } from './cookies.js';
import { openDatabase } from './database.js';
import { EnvironmentTable } from './environments.js';
import { DEFAULT_HISTORY_BODY_BYTES, HistoryTable } from './history.js';
import { ItemTable } from './items.js';
import { MetaTable } from './meta.js';
import { type ResealValue, resealAll } from './reseal.js';
import type { SecretSealer } from './sealer.js';
import { SettingsTable } from './settings.js';
import { WorkspaceTable } from './workspaces.js';

export interface StoreOptions {
  /** Seals secret current values, certificate passphrases and the proxy password; the vault provides it. */
  readonly sealer?: SecretSealer;
  /** How long a write waits for another connection's lock, in ms (default 5,000). */
  readonly busyTimeoutMs?: number;
  /** Bytes of each response body history keeps (default 64 KiB). */
  readonly historyBodyBytes?: number;
  /** Read every page on open to find damage (slow on large files; default off). */
  readonly fullCheck?: boolean;
}

/**
 * The local database: one SQLite file in WAL mode, migrated on open. Each area is a typed table
 * object; every change that writes more than one row is one transaction.
 */
export class Store {
  readonly workspaces: WorkspaceTable;
  readonly collections: CollectionTable;
  readonly items: ItemTable;
  readonly environments: EnvironmentTable;
  readonly history: HistoryTable;
  readonly cookies: CookieJarTable;
  readonly settings: SettingsTable;
  readonly meta: MetaTable;
  private readonly db: Database.Database;
  private readonly ctx: StoreContext;

  constructor(
    readonly file: string,
    options: StoreOptions = {},
  ) {
    this.db = openDatabase(file, options.busyTimeoutMs ?? 5_000, options.fullCheck ?? false);
    const ctx: StoreContext = { db: this.db, file, sealer: options.sealer };
    this.ctx = ctx;
    this.workspaces = new WorkspaceTable(ctx);
    this.collections = new CollectionTable(ctx, this.workspaces);
    this.items = new ItemTable(ctx, this.collections);
    this.environments = new EnvironmentTable(ctx, this.workspaces);
    this.settings = new SettingsTable(ctx);
    this.history = new HistoryTable(ctx, () => this.settings.maxHistoryEntries(), options.historyBodyBytes ?? DEFAULT_HISTORY_BODY_BYTES);
    this.cookies = new CookieJarTable(ctx);
    this.meta = new MetaTable(ctx);
  }

  /**
   * Re-seal every sealed value (secret current values, certificate passphrases, the proxy password)
   * in one transaction: `vault.rotate((reseal) => store.resealAll(reseal))`. Returns how many.
   */
  resealAll(reseal: ResealValue): number {
    return resealAll(this.ctx, reseal);
  }

  /** The schema version of the open file (`PRAGMA user_version`). */
  get schemaVersion(): number {
    const version = this.db.pragma('user_version', { simple: true });
    return typeof version === 'number' ? version : 0;
  }

  get open(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Open (creating and migrating as needed) the store in `file`. */
export function openStore(file: string, options: StoreOptions = {}): Store {
  return new Store(file, options);
}
