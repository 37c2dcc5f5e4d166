import type { z } from 'zod';
import type { CollectionViewSchema, ItemViewSchema } from '../api/ops-collections.js';
import type { TreeNode } from '../api/index.js';
import type { Collection, Folder, Item, RequestItem } from '../model/index.js';
import type { TreeNode as StoreTreeNode } from '../store/index.js';
import type { ServiceContext } from './context.js';
import { variableViews } from './variable-views.js';

export type ItemView = z.output<typeof ItemViewSchema>;
export type CollectionView = z.output<typeof CollectionViewSchema>;

/** An item as outputs show it: folder variables masked, all the way down. */
export function itemView(item: Item): ItemView {
  if (item.kind === 'request') return item;
  return { ...item, variables: variableViews(item.variables), items: item.items.map(itemView) };
}

export function collectionView(collection: Collection): CollectionView {
  return { ...collection, variables: variableViews(collection.variables), items: collection.items.map(itemView) };
}

export function treeNodes(nodes: readonly StoreTreeNode[]): TreeNode[] {
  return nodes.map((node) => ({
    kind: node.kind,
    id: node.id,
    name: node.name,
    ...(node.method === undefined ? {} : { method: node.method }),
    ...(node.children === undefined ? {} : { children: treeNodes(node.children) }),
  }));
}

function countRequests(nodes: readonly StoreTreeNode[]): number {
  let count = 0;
  for (const node of nodes) count += node.kind === 'request' ? 1 : countRequests(node.children ?? []);
  return count;
}

export function collectionSummary(ctx: ServiceContext, collectionId: string): { id: string; name: string; requestCount: number } {
  const tree = ctx.store.collections.tree(collectionId);
  return { id: tree.id, name: tree.name, requestCount: countRequests(tree.items) };
}

/** Where an item sits: its parent folder id (null at the top) and its index among siblings. */
export function placeOf(nodes: readonly StoreTreeNode[], itemId: string, parentId: string | null = null): { parentId: string | null; index: number } | undefined {
  for (const [index, node] of nodes.entries()) {
    if (node.id === itemId) return { parentId, index };
    const below = node.children ? placeOf(node.children, itemId, node.id) : undefined;
    if (below) return below;
  }
  return undefined;
}

/** The folders above an item (outermost first) and the item, found by id in a collection. */
export function findItem(items: readonly Item[], itemId: string, parents: readonly Folder[] = []): { item: Item; parents: readonly Folder[] } | undefined {
  for (const item of items) {
    if (item.id === itemId) return { item, parents };
    if (item.kind === 'folder') {
      const found = findItem(item.items, itemId, [...parents, item]);
      if (found) return found;
    }
  }
  return undefined;
}

export function isRequestItem(item: Item): item is RequestItem {
  return item.kind === 'request';
}
