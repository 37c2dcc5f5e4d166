import { randomUUID } from 'node:crypto';
import { exportPostmanCollection, importPostmanCollection } from '../formats/index.js';
import type { PostmanCollectionV21, PostmanImportOptions } from '../formats/index.js';
import { PosternError } from '../model/index.js';
import type { Collection, Item } from '../model/index.js';
import { collectionPayload, flattenItems, itemsFromRows, parseCollectionPayload, treeFromRows } from './collection-rows.js';
import type { FullRow, ItemRow, TreeNode, TreeTuple } from './collection-rows.js';
import type { StoreContext } from './context.js';
import { notFound, readAll, writeAll } from './context.js';
import { readVariables, writeVariables, deleteVariables } from './variable-rows.js';
import type { WorkspaceTable } from './workspaces.js';

export interface CollectionSummary {
  readonly id: string;
  readonly name: string;
}

export interface CollectionTree extends CollectionSummary {
  readonly items: TreeNode[];
}

export interface CollectionImportOptions extends PostmanImportOptions {
  /** When the workspace already holds a collection with this id: replace it (default) or add a copy. */
  readonly replace?: boolean;
}

/** What a collection may change without touching its items. */
export type CollectionChanges = Partial<Pick<Collection, 'name' | 'description' | 'auth' | 'scripts' | 'variables' | 'protocolProfileBehavior'>>;

/**
 * Native JSON.parse is several times faster than the position-tracking parser src/formats uses for
 * text. Valid text takes the fast road; text that does not parse is handed over as text so the
 * error names the line.
 */
function fastParse(json: unknown): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

interface CollectionRow {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  payload: string;
}

/** Collections and their folder trees; every multi-row change is one transaction. */
export class CollectionTable {
  constructor(
    private readonly ctx: StoreContext,
    private readonly workspaces: WorkspaceTable,
  ) {}

  private row(id: string): CollectionRow {
    const row = this.ctx.db
      .prepare<[string], CollectionRow>('SELECT id, workspace_id, name, position, payload FROM collections WHERE id = ?')
      .get(id);
    if (!row) throw notFound('collection', id, this.ctx.file);
    return row;
  }

  list(workspaceId: string): CollectionSummary[] {
    return readAll(this.ctx, 'listing collections', () =>
      this.ctx.db
        .prepare<[string], CollectionSummary>('SELECT id, name FROM collections WHERE workspace_id = ? ORDER BY position, rowid')
        .all(workspaceId),
    );
  }

  /** The sidebar tree of one collection: one indexed query, assembled here. */
  tree(collectionId: string): CollectionTree {
    return readAll(this.ctx, `listing collection ${collectionId}`, () => {
      const collection = this.row(collectionId);
      // Rows as arrays: building 10,000 objects per listing is a measurable part of its cost.
      const rows = this.ctx.db
        .prepare<[string], TreeTuple>('SELECT id, parent_id, kind, name, method FROM items WHERE collection_id = ? ORDER BY parent_id, position')
        .raw()
        .all(collectionId);
      return { id: collection.id, name: collection.name, items: treeFromRows(rows) };
    });
  }

  /** Every collection of a workspace with its tree, in order. */
  workspaceTree(workspaceId: string): CollectionTree[] {
    return this.list(workspaceId).map((collection) => this.tree(collection.id));
  }

  /** The whole collection as the model holds it (items, scripts, variables with current values). */
  get(collectionId: string): Collection {
    return readAll(this.ctx, `reading collection ${collectionId}`, () => {
      const row = this.row(collectionId);
      const rows = this.ctx.db
        .prepare<[string], FullRow>('SELECT id, parent_id, kind, name, payload FROM items WHERE collection_id = ? ORDER BY parent_id, position')
        .all(collectionId);
      const payload = parseCollectionPayload(row.payload, row.id, this.ctx.file);
      return {
        id: row.id,
        name: row.name,
        ...payload,
        items: itemsFromRows(rows, this.ctx.file),
        variables: readVariables(this.ctx, 'collection', row.id),
      };
    });
  }

  /**
   * Write a model collection into a workspace in one transaction. A collection with the same id in
   * this workspace is replaced (unless `replace` is false); one in another workspace is left alone and
   * the new one gets a fresh id. Returns the id written.
   */
  put(workspaceId: string, collection: Collection, replace = true): string {
    return writeAll(this.ctx, `saving collection "${collection.name}"`, () => {
      this.workspaces.require(workspaceId);
      const { db } = this.ctx;
      const existing = db.prepare<[string], CollectionRow>('SELECT id, workspace_id, name, position, payload FROM collections WHERE id = ?').get(collection.id);
      const sameWorkspace = existing !== undefined && existing.workspace_id === workspaceId;
      const id = existing === undefined || (sameWorkspace && replace) ? collection.id : randomUUID();
      let position: number;
      if (existing && sameWorkspace && replace) {
        position = existing.position;
        db.prepare('DELETE FROM collections WHERE id = ?').run(id);
      } else {
        const last = db.prepare<[string], { p: number | null }>('SELECT MAX(position) AS p FROM collections WHERE workspace_id = ?').get(workspaceId);
        position = (last?.p ?? 0) + 1;
      }
      db.prepare('INSERT INTO collections (id, workspace_id, name, position, payload) VALUES (?, ?, ?, ?, ?)').run(
        id,
        workspaceId,
        collection.name,
        position,
        JSON.stringify(collectionPayload(collection)),
      );
      this.insertRows(id, flattenItems(collection.items, null, 1, new Set()));
      writeVariables(this.ctx, 'collection', id, collection.variables);
      return id;
    });
  }

  private insertRows(collectionId: string, rows: readonly ItemRow[]): void {
    const insert = this.ctx.db.prepare(
      'INSERT INTO items (collection_id, id, parent_id, kind, name, method, position, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const row of rows) insert.run(collectionId, row.id, row.parentId, row.kind, row.name, row.method, row.position, row.payload);
  }

  /** Import a Postman collection (v2.0/v2.1, text or parsed) through src/formats: all of it, or nothing. */
  import(workspaceId: string, json: unknown, opts: CollectionImportOptions = {}): string {
    let collection: Collection;
    try {
      collection = importPostmanCollection(fastParse(json), opts);
    } catch (error) {
      // Only on failure: read the text again with positions, so the error names the line too.
      if (typeof json !== 'string') throw error;
      collection = importPostmanCollection(json, opts);
    }
    return this.put(workspaceId, collection, opts.replace ?? true);
  }

  /** Postman collection v2.1, through src/formats. */
  export(collectionId: string): PostmanCollectionV21 {
    return exportPostmanCollection(this.get(collectionId));
  }

  create(workspaceId: string, name: string): string {
    return this.put(workspaceId, { id: randomUUID(), name, items: [], scripts: {}, variables: [] }, false);
  }

  update(collectionId: string, changes: CollectionChanges): void {
    writeAll(this.ctx, `updating collection ${collectionId}`, () => {
      const row = this.row(collectionId);
      const before = parseCollectionPayload(row.payload, row.id, this.ctx.file);
      const merged: Collection = {
        id: row.id,
        name: changes.name ?? row.name,
        items: [],
        variables: [],
        ...before,
        scripts: changes.scripts ?? before.scripts,
        ...(changes.description === undefined ? {} : { description: changes.description }),
        ...(changes.auth === undefined ? {} : { auth: changes.auth }),
        ...(changes.protocolProfileBehavior === undefined ? {} : { protocolProfileBehavior: changes.protocolProfileBehavior }),
      };
      this.ctx.db
        .prepare('UPDATE collections SET name = ?, payload = ? WHERE id = ?')
        .run(merged.name, JSON.stringify(collectionPayload(merged)), collectionId);
      if (changes.variables) writeVariables(this.ctx, 'collection', collectionId, changes.variables);
    });
  }

  delete(collectionId: string): void {
    writeAll(this.ctx, `deleting collection ${collectionId}`, () => {
      const changes = this.ctx.db.prepare('DELETE FROM collections WHERE id = ?').run(collectionId).changes;
      if (changes === 0) throw notFound('collection', collectionId, this.ctx.file);
      deleteVariables(this.ctx, 'collection', collectionId);
    });
  }

  /** Throws unless `itemId` is a folder of the collection (null is the collection's top level). */
  requireParent(collectionId: string, parentId: string | null): void {
    if (parentId === null) {
      this.row(collectionId);
      return;
    }
    const parent = this.ctx.db
      .prepare<[string, string], { kind: string }>('SELECT kind FROM items WHERE collection_id = ? AND id = ?')
      .get(collectionId, parentId);
    if (!parent) throw notFound(`folder in collection ${collectionId}`, parentId, this.ctx.file);
    if (parent.kind !== 'folder') {
      throw new PosternError('INVALID_INPUT', `item ${parentId} is a request, not a folder`, { file: this.ctx.file, path: parentId });
    }
  }

  /** Insert rows for `items` (with their subtrees) under a parent, from position `first`. */
  insertItems(collectionId: string, parentId: string | null, items: readonly Item[], first: number): string[] {
    const used = new Set(
      this.ctx.db.prepare<[string], { id: string }>('SELECT id FROM items WHERE collection_id = ?').all(collectionId).map((row) => row.id),
    );
    const rows = flattenItems(items, parentId, first, used);
    this.insertRows(collectionId, rows);
    return rows.filter((row) => row.parentId === parentId).map((row) => row.id);
  }
}
