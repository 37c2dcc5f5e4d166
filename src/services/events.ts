import type { EventName, EventPayload } from '../api/index.js';

type Listener = (payload: unknown) => void;

/**
 * The services' event streams (`runner.progress`, `sync.status`). A listener that throws is the
 * listener's problem: it must not stop a run or the other listeners.
 */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener>>();

  subscribe(event: EventName, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch {
        // Deliberately ignored: see the class comment.
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
