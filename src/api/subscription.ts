/**
 * A live subscription to one event stream. Calling it stops listening (once; later calls do nothing).
 * `ready` resolves once every event emitted from then on is sure to reach the listener: at once where
 * the listener is registered synchronously (in-process, Electron IPC), when the agent acknowledges it
 * in browser mode (the WebSocket opens and subscribes asynchronously). It rejects with a
 * PosternCallError when the transport cannot confirm it (agent unreachable, no token, stopped first).
 * Start anything whose events matter (`runner.start`) only after awaiting it.
 */
export interface Subscription {
  (): void;
  readonly ready: Promise<void>;
}

/** Build a Subscription from a stop function; `ready` defaults to already confirmed. */
export function makeSubscription(stop: () => void, ready: Promise<void> = Promise.resolve()): Subscription {
  // Nobody has to await `ready` (a listener for a status stream may not care): mark the rejection
  // handled so it is not reported as unhandled; whoever awaits it still sees it.
  ready.catch(() => undefined);
  let active = true;
  const unsubscribe = (): void => {
    if (!active) return;
    active = false;
    stop();
  };
  return Object.assign(unsubscribe, { ready });
}
