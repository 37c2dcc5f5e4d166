import { randomUUID } from 'node:crypto';
import { CollectionSchema, FolderSchema, PosternError, RequestItemSchema } from '../model/index.js';
import type { Collection, Folder, Item, RequestItem, Variable } from '../model/index.js';

/** One row of the `items` table as written. */
export interface ItemRow {
  readonly id: string;
  readonly parentId: string | null;
  readonly kind: 'folder' | 'request';
  readonly name: string;
  readonly method: string | null;
  readonly position: number;
  readonly payload: string;
}

/** A node of the tree a sidebar shows: no request details, children in order. */
export interface TreeNode {
  readonly id: string;
  readonly kind: 'folder' | 'request';
  readonly name: string;
  /** The request's method; absent for folders. */
  readonly method?: string;
  /** Present on folders only. */
  readonly children?: TreeNode[];
}

/** The collection-level fields kept as JSON beside its name (variables have their own table). */
export type CollectionPayload = Pick<Collection, 'description' | 'version' | 'auth' | 'scripts' | 'protocolProfileBehavior'>;

const CollectionPayloadSchema = CollectionSchema.pick({ description: true, version: true, auth: true, scripts: true, protocolProfileBehavior: true });

/** A stored collection payload, checked: one that no longer fits the model is corruption. */
export function parseCollectionPayload(text: string, collectionId: string, file: string): CollectionPayload {
  const where = { file, path: `collections/${collectionId}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PosternError('STORE_CORRUPT', `collection ${collectionId} holds JSON that does not parse`, where, { cause: error });
  }
  const parsed = CollectionPayloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new PosternError('STORE_CORRUPT', `collection ${collectionId} does not match the model: ${parsed.error.issues[0]?.message ?? 'invalid'}`, where);
  }
  return parsed.data;
}

export function collectionPayload(collection: Collection): CollectionPayload {
  return {
    ...(collection.description === undefined ? {} : { description: collection.description }),
    ...(collection.version === undefined ? {} : { version: collection.version }),
    ...(collection.auth === undefined ? {} : { auth: collection.auth }),
    scripts: collection.scripts,
    ...(collection.protocolProfileBehavior === undefined ? {} : { protocolProfileBehavior: collection.protocolProfileBehavior }),
  };
}

/** Folder variables have no device-only current value worth keeping; a secret's is never written in clear. */
function folderVariables(variables: readonly Variable[]): Variable[] {
  return variables.map((variable) => {
    if (variable.type !== 'secret' || variable.currentValue === undefined) return variable;
    const { currentValue: _dropped, ...kept } = variable;
    return kept;
  });
}

/** The JSON kept beside an item's name and kind: everything but its id, name and children. */
export function itemPayload(item: Item): string {
  if (item.kind === 'request') {
    const { kind: _kind, id: _id, name: _name, ...details } = item;
    return JSON.stringify(details);
  }
  const { kind: _kind, id: _id, name: _name, items: _items, ...details } = item;
  return JSON.stringify({ ...details, variables: folderVariables(details.variables) });
}

/**
 * The rows for `items` under `parentId`, parents before children (the foreign key needs that). Ids
 * already in `usedIds` get fresh UUIDs: Postman exports sometimes repeat them.
 */
export function flattenItems(items: readonly Item[], parentId: string | null, firstPosition: number, usedIds: Set<string>, out: ItemRow[] = []): ItemRow[] {
  items.forEach((item, index) => {
    const id = usedIds.has(item.id) ? randomUUID() : item.id;
    usedIds.add(id);
    out.push({
      id,
      parentId,
      kind: item.kind,
      name: item.name,
      method: item.kind === 'request' ? item.request.method : null,
      position: firstPosition + index,
      payload: itemPayload(item),
    });
    if (item.kind === 'folder') flattenItems(item.items, id, 1, usedIds, out);
  });
  return out;
}

/** A stored payload back as the model item; a payload that no longer fits the schema is corruption. */
export function itemFromRow(row: { id: string; kind: string; name: string; payload: string }, file: string): Item {
  const where = { file, path: `items/${row.id}` };
  let details: unknown;
  try {
    details = JSON.parse(row.payload);
  } catch (error) {
    throw new PosternError('STORE_CORRUPT', `item "${row.name}" holds JSON that does not parse`, where, { cause: error });
  }
  const base = typeof details === 'object' && details !== null ? details : {};
  const schema = row.kind === 'folder' ? FolderSchema : RequestItemSchema;
  const parsed = schema.safeParse({ ...base, kind: row.kind, id: row.id, name: row.name });
  if (!parsed.success) {
    throw new PosternError('STORE_CORRUPT', `item "${row.name}" does not match the model: ${parsed.error.issues[0]?.message ?? 'invalid'}`, where);
  }
  return parsed.data;
}

interface Linkable {
  id: string;
  parent_id: string | null;
}

/**
 * Group rows (already ordered by parent then position) under their parents and build each node with
 * `make`; rows whose parent is missing are dropped rather than shown in the wrong place.
 */
function assemble<Row extends Linkable, Node>(rows: readonly Row[], make: (row: Row, children: Node[] | undefined) => Node, isFolder: (row: Row) => boolean): Node[] {
  const children = new Map<string | null, Row[]>();
  for (const row of rows) {
    const siblings = children.get(row.parent_id);
    if (siblings) siblings.push(row);
    else children.set(row.parent_id, [row]);
  }
  const build = (parentId: string | null): Node[] =>
    (children.get(parentId) ?? []).map((row) => make(row, isFolder(row) ? build(row.id) : undefined));
  return build(null);
}

/** A tree row as SQLite returns it in raw mode: id, parent_id, kind, name, method. */
export type TreeTuple = [id: string, parentId: string | null, kind: 'folder' | 'request', name: string, method: string | null];

/** Tree rows (ordered by parent, then position) as nested nodes; one pass to make nodes, one to link them. */
export function treeFromRows(rows: readonly TreeTuple[]): TreeNode[] {
  const byId = new Map<string, { id: string; kind: 'folder' | 'request'; name: string; method?: string; children?: TreeNode[] }>();
  for (const [id, , kind, name, method] of rows) {
    byId.set(id, kind === 'folder' ? { id, kind, name, children: [] } : method === null ? { id, kind, name } : { id, kind, name, method });
  }
  const top: TreeNode[] = [];
  for (const [id, parentId] of rows) {
    const node = byId.get(id);
    if (!node) continue;
    if (parentId === null) top.push(node);
    // A row whose parent is missing is dropped rather than shown in the wrong place.
    else byId.get(parentId)?.children?.push(node);
  }
  return top;
}

export interface FullRow extends Linkable {
  kind: string;
  name: string;
  payload: string;
}

export function itemsFromRows(rows: readonly FullRow[], file: string): Item[] {
  return assemble<FullRow, Item>(
    rows,
    (row, items) => {
      const item = itemFromRow(row, file);
      return item.kind === 'folder' ? ({ ...item, items: items ?? [] } satisfies Folder) : (item satisfies RequestItem);
    },
    (row) => row.kind === 'folder',
  );
}
