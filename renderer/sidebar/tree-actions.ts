import type { Item } from '../../src/model/index.js';
import { api } from '../api.js';
import { idsUnder } from '../collection/level-draft.js';
import { useSettingsTabs } from '../collection/settings-tabs-store.js';
import { download } from '../app/import-file.js';
import { errorText } from '../errors.js';
import { useCollectionCache } from '../stores/collection-cache.js';
import { blankRequest, localId } from '../stores/new-request.js';
import { usePendingDelete } from '../stores/pending-delete.js';
import { useTabs } from '../stores/tabs-store.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';

/** Run a tree change, refresh the tree, and say so when it fails. */
async function change(collectionId: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
    useCollectionCache.getState().forget(collectionId);
    await useWorkspace.getState().refreshCollections();
  } catch (error) {
    useUi.getState().toast(errorText(error), { tone: 'error' });
  }
}

export function addRequest(collectionId: string, parentId: string | null): Promise<void> {
  const item: Item = { kind: 'request', id: localId(), name: 'New Request', request: blankRequest(), responses: [], scripts: {} };
  return change(collectionId, async () => {
    await api.items.add({ collectionId, parentId, item });
    await useTabs.getState().openItem(collectionId, item.id);
  });
}

export function addFolder(collectionId: string, parentId: string | null): Promise<void> {
  const item: Item = { kind: 'folder', id: localId(), name: 'New Folder', items: [], scripts: {}, variables: [] };
  return change(collectionId, () => api.items.add({ collectionId, parentId, item }));
}

export function renameItem(collectionId: string, itemId: string, name: string): Promise<void> {
  return change(collectionId, async () => {
    await api.items.update({ collectionId, itemId, patch: { name } });
    useSettingsTabs.getState().renamed(itemId, name);
    const tabs = useTabs.getState();
    for (const t of tabs.tabs) if (t.itemId === itemId) useTabs.setState({ tabs: useTabs.getState().tabs.map((x) => (x.id === t.id ? { ...x, name } : x)) });
  });
}

export function renameCollection(collectionId: string, name: string): Promise<void> {
  return change(collectionId, async () => {
    await api.collections.update({ collectionId, patch: { name } });
    useSettingsTabs.getState().renamed(collectionId, name);
  });
}

export function duplicateItem(collectionId: string, itemId: string): Promise<void> {
  return change(collectionId, () => api.items.duplicate({ collectionId, itemId }));
}

export function moveItem(collectionId: string, itemId: string, parentId: string | null, index: number): Promise<void> {
  return change(collectionId, () => api.items.move({ collectionId, itemId, parentId, index }));
}

export function deleteItem(collectionId: string, itemId: string, name: string): void {
  usePendingDelete.getState().remove(itemId, `“${name}”`, async () => {
    // Tabs of everything inside a deleted folder go too (read from the tree before it is forgotten).
    const view = useCollectionCache.getState().views[collectionId];
    const gone = view ? idsUnder(view.items, itemId) : [];
    await api.items.delete({ collectionId, itemId });
    for (const id of gone.length > 0 ? gone : [itemId]) {
      useTabs.getState().dropItem(id);
      useSettingsTabs.getState().drop(id);
    }
    useCollectionCache.getState().forget(collectionId);
    await useWorkspace.getState().refreshCollections();
  });
}

export function deleteCollection(collectionId: string, name: string): void {
  usePendingDelete.getState().remove(collectionId, `collection “${name}”`, async () => {
    await api.collections.delete({ collectionId });
    for (const t of useTabs.getState().tabs) if (t.collectionId === collectionId) useTabs.getState().close(t.id);
    useSettingsTabs.getState().drop(collectionId);
    await useWorkspace.getState().refreshCollections();
  });
}

export async function exportCollection(collectionId: string): Promise<void> {
  try {
    download(await api.collections.export({ collectionId }));
  } catch (error) {
    useUi.getState().toast(errorText(error), { tone: 'error' });
  }
}
