import { create } from 'zustand';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import type { CollectionSummary, CollectionTree, EnvironmentSummary, HistoryEntry, WorkspaceView } from './types.js';

const ACTIVE_WORKSPACE_KEY = 'postern.workspace';
const ACTIVE_ENVIRONMENT_KEY = 'postern.environment';

interface WorkspaceState {
  workspaces: WorkspaceView[];
  workspaceId: string | null;
  collections: CollectionSummary[];
  trees: Record<string, CollectionTree>;
  environments: EnvironmentSummary[];
  /** The environment requests resolve against; null for none. */
  environmentId: string | null;
  history: HistoryEntry[];
  loading: boolean;
  /** Why the workspace could not be loaded (agent down, store locked…). */
  error: string | null;
  init(): Promise<void>;
  selectWorkspace(id: string): Promise<void>;
  createWorkspace(name: string): Promise<void>;
  refreshCollections(): Promise<void>;
  refreshTree(collectionId: string): Promise<void>;
  refreshEnvironments(): Promise<void>;
  refreshHistory(): Promise<void>;
  selectEnvironment(id: string | null): void;
}

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}

/** Workspaces, and the current workspace's collections (with their trees), environments and history. */
export const useWorkspace = create<WorkspaceState>((set, get) => ({
  workspaces: [],
  workspaceId: null,
  collections: [],
  trees: {},
  environments: [],
  environmentId: null,
  history: [],
  loading: true,
  error: null,

  async init() {
    set({ loading: true, error: null });
    try {
      let { workspaces } = await api.workspaces.list();
      // A fresh install has no workspace yet: make one so there is somewhere to put requests.
      if (workspaces.length === 0) workspaces = [await api.workspaces.create({ name: 'My Workspace' })];
      const remembered = stored(ACTIVE_WORKSPACE_KEY);
      const current = workspaces.find((w) => w.id === remembered) ?? workspaces[0];
      set({ workspaces });
      if (current) await get().selectWorkspace(current.id);
    } catch (error) {
      set({ error: errorText(error) });
    } finally {
      set({ loading: false });
    }
  },

  async selectWorkspace(id) {
    store(ACTIVE_WORKSPACE_KEY, id);
    set({ workspaceId: id, collections: [], trees: {}, environments: [], history: [], environmentId: null });
    await Promise.all([get().refreshCollections(), get().refreshEnvironments(), get().refreshHistory()]);
    const rememberedEnv = stored(ACTIVE_ENVIRONMENT_KEY);
    if (get().environments.some((e) => e.id === rememberedEnv)) set({ environmentId: rememberedEnv });
  },

  async createWorkspace(name) {
    const created = await api.workspaces.create({ name });
    set({ workspaces: [...get().workspaces, created] });
    await get().selectWorkspace(created.id);
  },

  async refreshCollections() {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return;
    const { collections } = await api.collections.list({ workspaceId });
    const trees: Record<string, CollectionTree> = {};
    await Promise.all(
      collections.map(async (c) => {
        trees[c.id] = await api.collections.tree({ collectionId: c.id });
      }),
    );
    if (get().workspaceId === workspaceId) set({ collections, trees });
  },

  async refreshTree(collectionId) {
    const tree = await api.collections.tree({ collectionId });
    set({ trees: { ...get().trees, [collectionId]: tree } });
  },

  async refreshEnvironments() {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return;
    const { environments } = await api.environments.list({ workspaceId });
    if (get().workspaceId !== workspaceId) return;
    const environmentId = environments.some((e) => e.id === get().environmentId) ? get().environmentId : null;
    set({ environments, environmentId });
  },

  async refreshHistory() {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return;
    const { entries } = await api.history.list({ workspaceId, limit: 100 });
    if (get().workspaceId === workspaceId) set({ history: entries });
  },

  selectEnvironment(id) {
    store(ACTIVE_ENVIRONMENT_KEY, id);
    set({ environmentId: id });
  },
}));
