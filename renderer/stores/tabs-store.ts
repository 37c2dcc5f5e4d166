import { create } from 'zustand';
import type { ResponseView } from '../../src/api/index.js';
import type { ProtocolProfileBehavior, Request, Scripts } from '../../src/model/index.js';
import { api } from '../api.js';
import { errorCode, errorText } from '../errors.js';
import { bodyProblem } from '../request/body-check.js';
import { findRequest, useCollectionCache } from './collection-cache.js';
import { blankRequest, localId } from './new-request.js';
import { useVariables } from './variables-store.js';
import { useWorkspace } from './workspace-store.js';

export interface SendFailure {
  code: string;
  message: string;
}

export interface RequestTab {
  id: string;
  name: string;
  /** Where the request is saved; null for a new, unsaved one. */
  collectionId: string | null;
  itemId: string | null;
  request: Request;
  scripts: Scripts;
  protocolProfileBehavior: ProtocolProfileBehavior | undefined;
  dirty: boolean;
  /** Set while a send is in flight (the id `requests.cancel` names). */
  sendId: string | null;
  response: ResponseView | null;
  failure: SendFailure | null;
}

interface TabsState {
  tabs: RequestTab[];
  activeId: string | null;
  newTab(): void;
  openItem(collectionId: string, itemId: string): Promise<void>;
  openRequest(name: string, request: Request): void;
  close(id: string): void;
  activate(id: string): void;
  update(id: string, change: Partial<Pick<RequestTab, 'request' | 'scripts' | 'protocolProfileBehavior' | 'name'>>): void;
  send(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  /** Save to where the tab came from; false when it has nowhere yet (the caller asks where). */
  save(id: string): Promise<boolean>;
  saveAs(id: string, collectionId: string, name: string): Promise<void>;
  /** Forget tabs of items that no longer exist. */
  dropItem(itemId: string): void;
}

function scratchTab(name: string, request: Request): RequestTab {
  return { id: localId(), name, collectionId: null, itemId: null, request, scripts: {}, protocolProfileBehavior: undefined, dirty: false, sendId: null, response: null, failure: null };
}

/**
 * Which tab becomes active when the last request tab closes: other kinds of tab share the row (collection
 * and folder settings register theirs), and they must not be left open with none active.
 */
let activeWhenNoRequestTabs: () => string | null = () => null;
export function setActiveWhenNoRequestTabs(pick: () => string | null): void {
  activeWhenNoRequestTabs = pick;
}

/** Open request tabs: the draft each holds, and its last response or failure. */
export const useTabs = create<TabsState>((set, get) => {
  const patch = (id: string, change: Partial<RequestTab>): void => set({ tabs: get().tabs.map((t) => (t.id === id ? { ...t, ...change } : t)) });
  const tab = (id: string): RequestTab | undefined => get().tabs.find((t) => t.id === id);

  return {
    tabs: [],
    activeId: null,

    newTab() {
      const created = scratchTab('Untitled request', blankRequest());
      set({ tabs: [...get().tabs, created], activeId: created.id });
    },

    openRequest(name, request) {
      const created = scratchTab(name, request);
      set({ tabs: [...get().tabs, created], activeId: created.id });
    },

    async openItem(collectionId, itemId) {
      const open = get().tabs.find((t) => t.itemId === itemId);
      if (open) {
        set({ activeId: open.id });
        return;
      }
      const view = await useCollectionCache.getState().load(collectionId, true);
      const found = findRequest(view.items, itemId);
      if (!found) return;
      const created: RequestTab = {
        ...scratchTab(found.item.name, found.item.request),
        collectionId,
        itemId,
        scripts: found.item.scripts,
        protocolProfileBehavior: found.item.protocolProfileBehavior,
      };
      set({ tabs: [...get().tabs, created], activeId: created.id });
    },

    close(id) {
      const tabs = get().tabs;
      const index = tabs.findIndex((t) => t.id === id);
      if (index < 0) return;
      const closing = tabs[index];
      if (closing?.sendId) void api.requests.cancel({ sendId: closing.sendId }).catch(() => undefined);
      const rest = tabs.filter((t) => t.id !== id);
      const activeId = get().activeId === id ? (rest[Math.min(index, rest.length - 1)]?.id ?? activeWhenNoRequestTabs()) : get().activeId;
      set({ tabs: rest, activeId });
    },

    activate(id) {
      set({ activeId: id });
    },

    update(id, change) {
      patch(id, { ...change, dirty: true });
    },

    async send(id) {
      const current = tab(id);
      const workspaceId = useWorkspace.getState().workspaceId;
      if (!current || !workspaceId || current.sendId) return;
      const problem = bodyProblem(current.request.body);
      if (problem) {
        patch(id, { failure: { code: 'INVALID_JSON', message: `${problem}. Fix it, or set the body type to Text to send it as it is.` }, response: null });
        return;
      }
      if (current.request.url.trim() === '') {
        patch(id, { failure: { code: 'INVALID_URL', message: 'Enter a URL to send the request to.' }, response: null });
        return;
      }
      const sendId = localId();
      patch(id, { sendId, failure: null });
      try {
        const response = await api.requests.send({
          sendId,
          workspaceId,
          request: current.request,
          collectionId: current.collectionId,
          itemId: current.itemId,
          environmentId: useWorkspace.getState().environmentId,
          // The tab's scripts and settings as edited, saved or not ({} clears what the saved item set).
          scripts: current.scripts,
          protocolProfileBehavior: current.protocolProfileBehavior ?? {},
          name: current.name,
          pageSize: 1024 * 1024,
        });
        patch(id, { response, failure: null, sendId: null });
      } catch (error) {
        patch(id, { response: null, failure: { code: errorCode(error) ?? 'ERROR', message: errorText(error) }, sendId: null });
      }
      void useWorkspace.getState().refreshHistory().catch(() => undefined);
      // Scripts may have set environment or global variables.
      void useVariables.getState().refresh(workspaceId, useWorkspace.getState().environmentId);
    },

    async cancel(id) {
      const sendId = tab(id)?.sendId;
      if (sendId) await api.requests.cancel({ sendId });
    },

    async save(id) {
      const current = tab(id);
      if (!current) return false;
      if (!current.collectionId || !current.itemId) return false;
      await api.items.update({
        collectionId: current.collectionId,
        itemId: current.itemId,
        patch: {
          name: current.name,
          request: current.request,
          scripts: current.scripts,
          protocolProfileBehavior: current.protocolProfileBehavior ?? null,
        },
      });
      patch(id, { dirty: false });
      await useWorkspace.getState().refreshTree(current.collectionId);
      return true;
    },

    async saveAs(id, collectionId, name) {
      const current = tab(id);
      if (!current) return;
      const itemId = localId();
      await api.items.add({
        collectionId,
        parentId: null,
        item: {
          kind: 'request',
          id: itemId,
          name,
          request: current.request,
          scripts: current.scripts,
          ...(current.protocolProfileBehavior ? { protocolProfileBehavior: current.protocolProfileBehavior } : {}),
        },
      });
      patch(id, { collectionId, itemId, name, dirty: false });
      await useWorkspace.getState().refreshCollections();
    },

    dropItem(itemId) {
      for (const t of get().tabs) if (t.itemId === itemId) get().close(t.id);
    },
  };
});

/** The tab being edited, if any. */
export function useActiveTab(): RequestTab | undefined {
  return useTabs((s) => s.tabs.find((t) => t.id === s.activeId));
}
