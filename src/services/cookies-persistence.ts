import { CookieStore } from '../engine/index.js';
import type { Store } from '../store/index.js';

/** How long after a change the jar is written: a burst of responses (a collection run) is one write. */
export const COOKIE_SAVE_DELAY_MS = 250;

/**
 * Keeps the engine's cookie jar in the store: loaded at start, written a short while after each change
 * (batched: the first change starts the timer, later ones ride along), and written at once on close,
 * so a quick quit loses nothing. Session cookies are not kept (the store drops them), as in a browser.
 */
export class CookiePersistence {
  readonly cookies: CookieStore;
  private readonly stopListening: () => void;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly delayMs: number = COOKIE_SAVE_DELAY_MS,
  ) {
    this.cookies = new CookieStore(loadJar(store));
    this.stopListening = this.cookies.onChange(() => this.schedule());
  }

  /** Write now if anything changed since the last write. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    try {
      this.store.cookies.save(this.cookies.jar);
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  /** Stop listening and write what is pending; the store is still open. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    this.flush();
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      try {
        this.flush();
      } catch {
        // The store is busy or failing: try again after the next delay; close() writes regardless.
        this.schedule();
      }
    }, this.delayMs);
    // A pending write must not keep the process alive; close() flushes it.
    this.timer.unref();
  }
}

/**
 * The saved jar. One that cannot be opened (damaged, or sealed under a key that is gone) starts the
 * app with an empty jar rather than not at all: cookies are a cache the servers will set again.
 */
function loadJar(store: Store): CookieStore['jar'] | undefined {
  try {
    return store.cookies.load();
  } catch {
    return undefined;
  }
}
