import { PosternError } from '../model/index.js';
import type { Item } from '../model/index.js';
import { itemFromRow, itemPayload, itemsFromRows } from './collection-rows.js';
import type { FullRow } from './collection-rows.js';
import type { CollectionTable } from './collections.js';
import type { StoreContext } from './context.js';
import { notFound, readAll, writeAll } from './context.js';

interface PlacedRow {
  id: string;
  parent_id: string | null;
  position: number;
}

/** Items of a collection one at a time: read, add, edit, delete, move and reorder. */
export class ItemTable {
  constructor(
    private readonly ctx: StoreContext,
    private readonly collections: CollectionTable,
  ) {}

  private placed(collectionId: string, itemId: string): PlacedRow & FullRow {
    const row = this.ctx.db
      .prepare<[string, string], PlacedRow & FullRow>(
        'SELECT id, parent_id, kind, name, position, payload FROM items WHERE collection_id = ? AND id = ?',
      )
      .get(collectionId, itemId);
    if (!row) throw notFound(`item in collection ${collectionId}`, itemId, this.ctx.file);
    return row;
  }

  /** One item; a folder comes with its whole subtree. */
  get(collectionId: string, itemId: string): Item {
    return readAll(this.ctx, `reading item ${itemId}`, () => {
      const row = this.placed(collectionId, itemId);
      if (row.kind === 'request') return itemFromRow(row, this.ctx.file);
      const subtree = this.ctx.db
        .prepare<[{ collectionId: string; itemId: string }], FullRow>(
          `WITH RECURSIVE below(id) AS (
             SELECT @itemId UNION ALL SELECT i.id FROM items i JOIN below b ON i.parent_id = b.id AND i.collection_id = @collectionId)
           SELECT i.id, i.parent_id, i.kind, i.name, i.payload FROM items i JOIN below b ON i.id = b.id
           WHERE i.collection_id = @collectionId ORDER BY i.parent_id, i.position`,
        )
        .all({ collectionId, itemId });
      // Root the assembly at this folder by presenting it as top-level.
      const rows = subtree.map((entry) => (entry.id === itemId ? { ...entry, parent_id: null } : entry));
      const [item] = itemsFromRows(rows, this.ctx.file);
      if (!item) throw notFound(`item in collection ${collectionId}`, itemId, this.ctx.file);
      return item;
    });
  }

  /**
   * Add an item (a folder with its subtree) under `parentId` (null: the top level) at `index` among its
   * siblings (default: last). An id already used in the collection is replaced; the id used is returned.
   */
  add(collectionId: string, parentId: string | null, item: Item, index?: number): string {
    return writeAll(this.ctx, `adding "${item.name}"`, () => {
      this.collections.requireParent(collectionId, parentId);
      const position = this.positionAt(collectionId, parentId, index, undefined);
      const [id] = this.collections.insertItems(collectionId, parentId, [item], position);
      if (id === undefined) throw new PosternError('STORE_FAILURE', `"${item.name}" was not written`, { file: this.ctx.file });
      return id;
    });
  }

  /** Save an item's own fields (name, request, scripts…); a folder's children are left as they are. */
  update(collectionId: string, item: Item): void {
    writeAll(this.ctx, `saving "${item.name}"`, () => {
      const before = this.placed(collectionId, item.id);
      if (before.kind !== item.kind) {
        throw new PosternError('INVALID_INPUT', `item ${item.id} is a ${before.kind}, not a ${item.kind}`, { file: this.ctx.file, path: item.id });
      }
      this.ctx.db
        .prepare('UPDATE items SET name = ?, method = ?, payload = ? WHERE collection_id = ? AND id = ?')
        .run(item.name, item.kind === 'request' ? item.request.method : null, itemPayload(item), collectionId, item.id);
    });
  }

  /** Delete an item; a folder takes its subtree with it. */
  delete(collectionId: string, itemId: string): void {
    writeAll(this.ctx, `deleting item ${itemId}`, () => {
      const changes = this.ctx.db.prepare('DELETE FROM items WHERE collection_id = ? AND id = ?').run(collectionId, itemId).changes;
      if (changes === 0) throw notFound(`item in collection ${collectionId}`, itemId, this.ctx.file);
    });
  }

  /** Move an item to `index` among the children of `parentId` (the same parent reorders). */
  move(collectionId: string, itemId: string, parentId: string | null, index: number): void {
    writeAll(this.ctx, `moving item ${itemId}`, () => {
      this.placed(collectionId, itemId);
      this.collections.requireParent(collectionId, parentId);
      if (parentId !== null && this.isWithin(collectionId, parentId, itemId)) {
        throw new PosternError('INVALID_INPUT', `a folder cannot move into itself or its own subfolder`, { file: this.ctx.file, path: itemId });
      }
      const position = this.positionAt(collectionId, parentId, index, itemId);
      this.ctx.db.prepare('UPDATE items SET parent_id = ?, position = ? WHERE collection_id = ? AND id = ?').run(parentId, position, collectionId, itemId);
    });
  }

  /** True when `candidate` is `ancestorId` or below it. */
  private isWithin(collectionId: string, candidate: string, ancestorId: string): boolean {
    const hit = this.ctx.db
      .prepare<[{ collectionId: string; candidate: string; ancestorId: string }], { id: string }>(
        `WITH RECURSIVE up(id, parent_id) AS (
           SELECT id, parent_id FROM items WHERE collection_id = @collectionId AND id = @candidate
           UNION ALL SELECT i.id, i.parent_id FROM items i JOIN up ON i.id = up.parent_id AND i.collection_id = @collectionId)
         SELECT id FROM up WHERE id = @ancestorId LIMIT 1`,
      )
      .get({ collectionId, candidate, ancestorId });
    return hit !== undefined;
  }

  /**
   * A position that sorts at `index` among the siblings (without `movingId`): halfway between the
   * neighbours; when the halves run out the siblings are renumbered 1, 2, 3… first.
   */
  private positionAt(collectionId: string, parentId: string | null, index: number | undefined, movingId: string | undefined): number {
    const siblings = (): PlacedRow[] =>
      this.ctx.db
        .prepare<[string, string | null, string], PlacedRow>(
          'SELECT id, parent_id, position FROM items WHERE collection_id = ? AND parent_id IS ? AND id IS NOT ? ORDER BY position',
        )
        .all(collectionId, parentId, movingId ?? '');
    let list = siblings();
    const at = Math.max(0, Math.min(index ?? list.length, list.length));
    const between = (rows: PlacedRow[]): number | undefined => {
      const before = rows[at - 1]?.position;
      const after = rows[at]?.position;
      if (before === undefined) return after === undefined ? 1 : after - 1;
      if (after === undefined) return before + 1;
      const middle = (before + after) / 2;
      return middle > before && middle < after ? middle : undefined;
    };
    const first = between(list);
    if (first !== undefined) return first;
    const renumber = this.ctx.db.prepare('UPDATE items SET position = ? WHERE collection_id = ? AND id = ?');
    list.forEach((row, i) => renumber.run(i + 1, collectionId, row.id));
    list = siblings();
    return between(list) ?? list.length + 1;
  }
}
