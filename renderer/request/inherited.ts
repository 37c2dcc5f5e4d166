import type { Auth, ProtocolProfileBehavior } from '../../src/model/index.js';
import { findRequest, useCollectionCache } from '../stores/collection-cache.js';
import type { RequestTab } from '../stores/tabs-store.js';

export interface Inherited<T> {
  value: T;
  /** Where it comes from: `Collection “X”` or `Folder “Y”`. */
  from: string;
}

/** The collection and folders above a tab's request, outermost first, with their names. */
function levels(tab: RequestTab): { label: string; auth?: Auth | undefined; behavior?: ProtocolProfileBehavior | undefined }[] {
  if (!tab.collectionId) return [];
  const view = useCollectionCache.getState().views[tab.collectionId];
  if (!view) return [];
  const found = tab.itemId ? findRequest(view.items, tab.itemId) : undefined;
  return [
    { label: `Collection “${view.name}”`, auth: view.auth, behavior: view.protocolProfileBehavior },
    ...(found?.parents ?? []).map((f) => ({ label: `Folder “${f.name}”`, auth: f.auth, behavior: f.protocolProfileBehavior })),
  ];
}

/** The auth a request without its own would use: the nearest folder's, else the collection's. */
export function inheritedAuth(tab: RequestTab): Inherited<Auth> | null {
  const chain = levels(tab);
  for (let i = chain.length - 1; i >= 0; i--) {
    const level = chain[i];
    if (level?.auth) return { value: level.auth, from: level.label };
  }
  return null;
}

/** One TLS/redirect setting as the nearest folder or the collection sets it. */
export function inheritedBehavior<K extends keyof ProtocolProfileBehavior>(tab: RequestTab, key: K): Inherited<NonNullable<ProtocolProfileBehavior[K]>> | null {
  const chain = levels(tab);
  for (let i = chain.length - 1; i >= 0; i--) {
    const level = chain[i];
    const value = level?.behavior?.[key];
    if (level && value !== undefined && value !== null) return { value: value as NonNullable<ProtocolProfileBehavior[K]>, from: level.label };
  }
  return null;
}
