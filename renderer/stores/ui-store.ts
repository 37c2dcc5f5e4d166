import { create } from 'zustand';

export type Theme = 'light' | 'dark';
/** What fills the main area besides request tabs. */
export type Dialog = null | 'settings' | 'import' | 'search' | 'save' | 'new-collection' | 'new-workspace';
export type MainView = 'requests' | 'environment' | 'runner';

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  /** A button such as Undo. */
  action?: { label: string; run: () => void };
}

interface UiState {
  theme: Theme;
  dialog: Dialog;
  view: MainView;
  /** The environment being edited (an id, or `globals`). */
  editingEnvironment: string | null;
  /** The collection the runner opens on. */
  runnerCollection: string | null;
  toasts: Toast[];
  setTheme(theme: Theme): void;
  open(dialog: Dialog): void;
  show(view: MainView): void;
  editEnvironment(id: string): void;
  openRunner(collectionId: string | null): void;
  toast(text: string, options?: { tone?: Toast['tone']; action?: Toast['action']; ms?: number }): void;
  dismiss(id: number): void;
}

const THEME_KEY = 'postern.theme';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage disabled: follow the system.
  }
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

let nextToast = 1;

/** Window-level UI state: theme, the open dialog, the main view and toasts. */
export const useUi = create<UiState>((set, get) => ({
  theme: initialTheme(),
  dialog: null,
  view: 'requests',
  editingEnvironment: null,
  runnerCollection: null,
  toasts: [],
  setTheme(theme) {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Not remembered; still applied.
    }
    set({ theme });
  },
  open(dialog) {
    set({ dialog });
  },
  show(view) {
    set({ view });
  },
  editEnvironment(id) {
    set({ view: 'environment', editingEnvironment: id });
  },
  openRunner(collectionId) {
    set({ view: 'runner', runnerCollection: collectionId });
  },
  toast(text, options = {}) {
    const id = nextToast++;
    const toast: Toast = { id, text, tone: options.tone ?? 'info', ...(options.action ? { action: options.action } : {}) };
    set({ toasts: [...get().toasts, toast] });
    window.setTimeout(() => get().dismiss(id), options.ms ?? (options.action ? 8000 : 4000));
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));
