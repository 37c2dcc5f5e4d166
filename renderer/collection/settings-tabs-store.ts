import { create } from 'zustand';
import type { VariableView } from '../../src/api/index.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { useCollectionCache } from '../stores/collection-cache.js';
import { localId } from '../stores/new-request.js';
import { setActiveWhenNoRequestTabs, useTabs } from '../stores/tabs-store.js';
import { useUi } from '../stores/ui-store.js';
import { useVariables } from '../stores/variables-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { draftOf, draftProblem, findFolder, patchOf, type LevelDraft, type LevelView } from './level-draft.js';

/** A tab editing a collection's own settings, or a folder's. */
export interface SettingsTab {
  id: string;
  collectionId: string;
  /** The folder edited; null for the collection itself. */
  folderId: string | null;
  /** The name as last saved (the tab's label while the draft is loading). */
  title: string;
  /** Null while loading. */
  draft: LevelDraft | null;
  /** The variables as last loaded: which secrets are stored and may be revealed. */
  storedVariables: readonly VariableView[];
  dirty: boolean;
  error: string | null;
}

interface SettingsTabsState {
  tabs: SettingsTab[];
  /** Open (or bring forward) the settings of a collection (folderId null) or one of its folders. */
  open(collectionId: string, folderId: string | null): Promise<void>;
  update(id: string, draft: LevelDraft): void;
  /** Save the draft; throws a readable error when the save is refused. */
  save(id: string): Promise<void>;
  close(id: string): void;
  /** Forget tabs of a deleted collection, or of a deleted folder. */
  drop(targetId: string): void;
  /** A rename from the sidebar: the label follows, and so does a draft with no unsaved edits. */
  renamed(targetId: string, name: string): void;
}

/** The level a tab edits, read from a collection view. */
function levelOf(collectionId: string, folderId: string | null): LevelView | undefined {
  const view = useCollectionCache.getState().views[collectionId];
  if (!view) return undefined;
  return folderId === null ? view : findFolder(view.items, folderId)?.folder;
}

const targetOf = (tab: SettingsTab): string => tab.folderId ?? tab.collectionId;

/**
 * Collection and folder settings tabs. They sit in the same tab row as request tabs and share its
 * active tab (`useTabs.activeId`), so one tab is active at a time whichever kind it is.
 */
export const useSettingsTabs = create<SettingsTabsState>((set, get) => {
  const patch = (id: string, change: Partial<SettingsTab>): void => set({ tabs: get().tabs.map((t) => (t.id === id ? { ...t, ...change } : t)) });
  const tab = (id: string): SettingsTab | undefined => get().tabs.find((t) => t.id === id);

  /** Load the level from a fresh collection view into the tab, dropping unsaved edits. */
  const reload = async (id: string): Promise<void> => {
    const current = tab(id);
    if (!current) return;
    await useCollectionCache.getState().load(current.collectionId, true);
    const level = levelOf(current.collectionId, current.folderId);
    if (!level) {
      patch(id, { error: 'This folder no longer exists.', draft: null });
      return;
    }
    patch(id, { title: level.name, draft: draftOf(level), storedVariables: level.variables, dirty: false, error: null });
  };

  return {
    tabs: [],

    async open(collectionId, folderId) {
      useUi.getState().show('requests');
      const existing = get().tabs.find((t) => t.collectionId === collectionId && t.folderId === folderId);
      if (existing) {
        useTabs.setState({ activeId: existing.id });
        return;
      }
      const id = localId();
      const created: SettingsTab = { id, collectionId, folderId, title: folderId === null ? 'Collection' : 'Folder', draft: null, storedVariables: [], dirty: false, error: null };
      set({ tabs: [...get().tabs, created] });
      useTabs.setState({ activeId: id });
      try {
        await reload(id);
      } catch (error) {
        patch(id, { error: errorText(error) });
      }
    },

    update(id, draft) {
      patch(id, { draft, dirty: true });
    },

    async save(id) {
      const current = tab(id);
      if (!current?.draft) return;
      const problem = draftProblem(current.draft);
      if (problem) {
        patch(id, { error: problem });
        throw new Error(problem);
      }
      const { collectionId, folderId } = current;
      try {
        if (folderId === null) await api.collections.update({ collectionId, patch: patchOf(current.draft) });
        else await api.items.update({ collectionId, itemId: folderId, patch: patchOf(current.draft) });
      } catch (error) {
        patch(id, { error: errorText(error) });
        throw error;
      }
      // The fresh view is what request tabs read their inherited auth, TLS and variables from.
      await reload(id);
      await useWorkspace.getState().refreshCollections();
      void useVariables.getState().refresh(useWorkspace.getState().workspaceId, useWorkspace.getState().environmentId);
    },

    close(id) {
      const tabs = get().tabs;
      const index = tabs.findIndex((t) => t.id === id);
      if (index < 0) return;
      const rest = tabs.filter((t) => t.id !== id);
      set({ tabs: rest });
      if (useTabs.getState().activeId !== id) return;
      const neighbour = rest[Math.min(index, rest.length - 1)]?.id;
      const requestTabs = useTabs.getState().tabs;
      useTabs.setState({ activeId: neighbour ?? requestTabs[requestTabs.length - 1]?.id ?? null });
    },

    drop(targetId) {
      for (const t of get().tabs) if (t.collectionId === targetId || t.folderId === targetId) get().close(t.id);
    },

    renamed(targetId, name) {
      set({
        tabs: get().tabs.map((t) => {
          if (targetOf(t) !== targetId) return t;
          const draft = t.draft && !t.dirty ? { ...t.draft, name } : t.draft;
          return { ...t, title: name, draft };
        }),
      });
    },
  };
});

/** The settings tab being shown, if the active tab is one. */
export function useActiveSettingsTab(): SettingsTab | undefined {
  const activeId = useTabs((s) => s.activeId);
  return useSettingsTabs((s) => s.tabs.find((t) => t.id === activeId));
}

/** Whether a tab id belongs to a settings tab (for shortcuts that act on the active tab). */
export function isSettingsTab(id: string | null): boolean {
  return id !== null && useSettingsTabs.getState().tabs.some((t) => t.id === id);
}

// The last request tab closing hands the row to the last settings tab, if any is open.
setActiveWhenNoRequestTabs(() => useSettingsTabs.getState().tabs.at(-1)?.id ?? null);
