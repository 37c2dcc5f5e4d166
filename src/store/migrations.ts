import type Database from 'better-sqlite3';
import { PosternError } from '../model/index.js';

/**
 * The schema, as ordered steps. Step i brings `PRAGMA user_version` from i to i + 1; a step is never
 * edited once released, only new ones appended. Each step runs in its own transaction together with
 * the version bump, so a failed migration leaves the file at the previous version.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE collections (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position REAL NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX collections_by_workspace ON collections(workspace_id, position);
  -- Item ids come from Postman exports, unique only within their collection.
  CREATE TABLE items (
    collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    parent_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('folder', 'request')),
    name TEXT NOT NULL,
    method TEXT,
    position REAL NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (collection_id, id),
    FOREIGN KEY (collection_id, parent_id) REFERENCES items(collection_id, id) ON DELETE CASCADE
  );
  -- Covers the tree listing, so listing never reads the payloads.
  CREATE INDEX items_tree ON items(collection_id, parent_id, position, id, kind, name, method);
  CREATE TABLE environments (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position REAL NOT NULL
  );
  CREATE INDEX environments_by_workspace ON environments(workspace_id, position);
  -- Variables of environments, globals (owner = workspace) and collections. The initial value is
  -- shared; the current value stays on this device, sealed for secrets (current_sealed).
  CREATE TABLE variables (
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('environment', 'globals', 'collection')),
    owner_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('default', 'secret')),
    enabled INTEGER NOT NULL,
    description TEXT,
    initial_value TEXT NOT NULL,
    current_value TEXT,
    current_sealed BLOB,
    CHECK (current_value IS NULL OR current_sealed IS NULL)
  );
  CREATE INDEX variables_by_owner ON variables(owner_kind, owner_id, position);
  CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    sent_at INTEGER NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    request TEXT NOT NULL,
    status INTEGER,
    time_ms REAL,
    size INTEGER,
    response_headers TEXT,
    body_head BLOB,
    body_truncated INTEGER NOT NULL DEFAULT 0,
    error TEXT
  );
  CREATE INDEX history_by_workspace ON history(workspace_id, id);
  CREATE TABLE cookie_jars (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    jar TEXT NOT NULL
  );
  CREATE TABLE client_certificates (
    position INTEGER NOT NULL,
    host TEXT NOT NULL,
    port INTEGER,
    cert TEXT,
    key TEXT,
    pfx TEXT,
    passphrase_sealed BLOB,
    enabled INTEGER NOT NULL
  );
  -- One row: the app settings as JSON (client certificates and the proxy password live apart).
  CREATE TABLE app_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    settings TEXT NOT NULL,
    proxy_password_sealed BLOB
  );
  `,
  `
  -- Facts about the database itself: which vault protects its secrets, the passphrase vault's header.
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Cookies: one jar for the app, as the engine has one (and as Postman keeps one), sealed as a whole
  -- because cookie values are credentials. The per-workspace plain-text table was never written to.
  DROP TABLE cookie_jars;
  CREATE TABLE cookie_jar (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    jar_sealed BLOB NOT NULL
  );
  -- History keeps whole bodies (up to a limit) and what the response view shows besides the body.
  ALTER TABLE history RENAME COLUMN body_head TO body;
  ALTER TABLE history ADD COLUMN response_details TEXT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Bring the database up to SCHEMA_VERSION; refuse a file written by a newer Postern. */
export function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true });
  const version = typeof current === 'number' ? current : 0;
  if (version > SCHEMA_VERSION) {
    throw new PosternError(
      'STORE_TOO_NEW',
      `the database was written by a newer Postern (schema version ${version}; this version knows up to ${SCHEMA_VERSION}); update Postern to open it`,
      { file },
    );
  }
  for (let step = version; step < SCHEMA_VERSION; step++) {
    const sql = MIGRATIONS[step] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${step + 1}`);
    }).immediate();
  }
}
