import { create } from 'zustand';
import { errorText } from '../errors.js';
import { useUi } from './ui-store.js';

const UNDO_MS = 8000;

interface PendingDeleteState {
  /** Ids hidden now and deleted when their undo window ends. */
  hidden: Record<string, true>;
  /**
   * Hide a thing at once and delete it for real only after the undo window, so Undo loses nothing
   * (not even secret values the renderer never sees).
   */
  remove(id: string, label: string, commit: () => Promise<unknown>): void;
}

export const usePendingDelete = create<PendingDeleteState>((set, get) => ({
  hidden: {},
  remove(id, label, commit) {
    set({ hidden: { ...get().hidden, [id]: true } });
    const unhide = (): void => {
      const hidden = { ...get().hidden };
      delete hidden[id];
      set({ hidden });
    };
    const timer = window.setTimeout(() => {
      commit()
        .catch((error: unknown) => useUi.getState().toast(`Could not delete ${label}: ${errorText(error)}`, { tone: 'error' }))
        .finally(unhide);
    }, UNDO_MS);
    useUi.getState().toast(`Deleted ${label}`, {
      ms: UNDO_MS,
      action: {
        label: 'Undo',
        run: () => {
          window.clearTimeout(timer);
          unhide();
        },
      },
    });
  },
}));
