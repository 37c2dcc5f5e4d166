import { create } from 'zustand';
import { api } from '../api.js';
import type { CollectionView, ItemView } from './types.js';

type FolderView = Extract<ItemView, { kind: 'folder' }>;
type RequestItemView = Extract<ItemView, { kind: 'request' }>;

interface CollectionCacheState {
  views: Record<string, CollectionView>;
  /** The whole collection (cached); reload with `force` after a change. */
  load(collectionId: string, force?: boolean): Promise<CollectionView>;
  forget(collectionId: string): void;
}

/** Whole collections, fetched when a request of theirs is opened (for inherited auth, TLS and variables). */
export const useCollectionCache = create<CollectionCacheState>((set, get) => ({
  views: {},
  async load(collectionId, force = false) {
    const cached = get().views[collectionId];
    if (cached && !force) return cached;
    const view = await api.collections.get({ collectionId });
    set({ views: { ...get().views, [collectionId]: view } });
    return view;
  },
  forget(collectionId) {
    const views = { ...get().views };
    delete views[collectionId];
    set({ views });
  },
}));

export interface FoundItem {
  item: RequestItemView;
  /** Folders above the item, outermost first. */
  parents: FolderView[];
}

/** Find a request by id with the folders above it. */
export function findRequest(items: readonly ItemView[], id: string, parents: FolderView[] = []): FoundItem | undefined {
  for (const item of items) {
    if (item.kind === 'request') {
      if (item.id === id) return { item, parents };
    } else {
      const found = findRequest(item.items, id, [...parents, item]);
      if (found) return found;
    }
  }
  return undefined;
}
