/** The notifier of a single server process (SQLite, or tests): listeners in this process only. */
import type { ChangeListener, ChangeNotifier, WorkspaceChange } from './types.js';

/** Listeners by workspace; `deliver` is shared with the PostgreSQL notifier, which hears changes from the database. */
export interface ListenerRegistry {
  subscribe(workspaceId: string, listener: ChangeListener): () => void;
  deliver(change: WorkspaceChange): void;
  clear(): void;
}

export function createListenerRegistry(): ListenerRegistry {
  const byWorkspace = new Map<string, Set<ChangeListener>>();
  return {
    subscribe(workspaceId, listener) {
      const listeners = byWorkspace.get(workspaceId) ?? new Set<ChangeListener>();
      listeners.add(listener);
      byWorkspace.set(workspaceId, listeners);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && byWorkspace.get(workspaceId) === listeners) byWorkspace.delete(workspaceId);
      };
    },
    deliver(change) {
      for (const listener of [...(byWorkspace.get(change.workspaceId) ?? [])]) {
        // One listener's failure (a closed stream) must not keep the others from hearing.
        try {
          listener(change);
        } catch {
          /* the listener's own problem */
        }
      }
    },
    clear() {
      byWorkspace.clear();
    },
  };
}

export function memoryNotifier(): ChangeNotifier {
  const registry = createListenerRegistry();
  let closed = false;
  return {
    async publish(change) {
      if (!closed) registry.deliver(change);
    },
    subscribe: (workspaceId, listener) => (closed ? () => undefined : registry.subscribe(workspaceId, listener)),
    async close() {
      closed = true;
      registry.clear();
    },
  };
}
