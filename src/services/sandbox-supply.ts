/**
 * Script sandboxes for single sends. Starting one (a worker thread with its own V8 isolate) takes
 * hundreds of milliseconds, too long to add to every send that has scripts; so once a send has needed
 * one, a spare is started in the background for the next. Each send gets a sandbox of its own — never
 * one another send has used — and disposes it; only the start-up is taken off the send's path.
 */
import { createSandbox, type CreateSandboxOptions, type ScriptSandbox } from '../scripts/index.js';

export interface SandboxSupply {
  /** A fresh sandbox with these options: the spare when it was started with the same ones. */
  take(options: CreateSandboxOptions): Promise<ScriptSandbox>;
  /** Dispose of the spare; later takes start sandboxes without keeping spares. */
  close(): Promise<void>;
}

type Create = (options: CreateSandboxOptions) => Promise<ScriptSandbox>;

function disposeLater(sandbox: Promise<ScriptSandbox>): Promise<void> {
  return sandbox.then(
    (s) => s.dispose(),
    () => undefined,
  );
}

export function sandboxSupply(create: Create = createSandbox): SandboxSupply {
  let spare: { readonly key: string; readonly sandbox: Promise<ScriptSandbox> } | null = null;
  let closed = false;
  const start = (options: CreateSandboxOptions): Promise<ScriptSandbox> => {
    const sandbox = create(options);
    // Awaited by whoever takes it; a spare nobody takes must not become an unhandled rejection.
    sandbox.catch(() => undefined);
    return sandbox;
  };
  return {
    take(options) {
      const key = JSON.stringify(options);
      const previous = spare;
      spare = null;
      let sandbox: Promise<ScriptSandbox>;
      if (previous !== null && previous.key === key) {
        sandbox = previous.sandbox;
      } else {
        // Limits changed (policy): the old spare is of no use.
        if (previous !== null) void disposeLater(previous.sandbox);
        sandbox = start(options);
      }
      if (!closed) spare = { key, sandbox: start(options) };
      return sandbox;
    },
    async close() {
      closed = true;
      const previous = spare;
      spare = null;
      if (previous !== null) await disposeLater(previous.sandbox);
    },
  };
}
