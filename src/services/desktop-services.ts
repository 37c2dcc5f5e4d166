import { mkdirSync } from 'node:fs';
import { callSafely, makeSubscription, type EventName, type OperationName, type PosternTransport } from '../api/index.js';
import { Engine } from '../engine/index.js';
import { readPolicyDocuments, type PolicyDocument } from '../policy/index.js';
import type { SandboxIsolation } from '../scripts/index.js';
import { appHandlers } from './app.js';
import { certificateHandlers } from './certificates.js';
import { collectionHandlers } from './collections.js';
import type { ServiceContext } from './context.js';
import { cookieHandlers } from './cookies.js';
import { CookiePersistence } from './cookies-persistence.js';
import { environmentHandlers, globalsHandlers } from './environments.js';
import { sandboxSupply } from './sandbox-supply.js';
import { EventHub } from './events.js';
import type { HandlerTable } from './handlers.js';
import { historyHandlers } from './history.js';
import { itemHandlers } from './items.js';
import { openLocalData, type LocalDataOptions } from './local-data.js';
import { policyHandlers } from './policy.js';
import { requestHandlers } from './requests.js';
import { DEFAULT_KEPT_RESPONSES, ResponseBodies } from './response-bodies.js';
import { runnerHandlers } from './runner.js';
import { secretHandlers } from './secrets.js';
import { settingsHandlers } from './settings.js';
import { workspaceHandlers } from './workspaces.js';

/**
 * Every operation of the contract, by name. Typed as HandlerTable: leaving one out (or giving one the
 * wrong input or output type) does not compile.
 */
export const HANDLERS: HandlerTable = {
  ...requestHandlers,
  ...workspaceHandlers,
  ...collectionHandlers,
  ...itemHandlers,
  ...environmentHandlers,
  ...globalsHandlers,
  ...secretHandlers,
  ...historyHandlers,
  ...cookieHandlers,
  ...settingsHandlers,
  ...certificateHandlers,
  ...runnerHandlers,
  ...policyHandlers,
  ...appHandlers,
};

export interface DesktopServicesOptions {
  /** The app's data folder (made if missing): the database lives here. */
  readonly dataDir: string;
  /** How secrets are protected: the OS keychain (default) or a passphrase (see openLocalData). */
  readonly vault: Omit<LocalDataOptions, 'directory'>;
  /** Managed policy documents; default: this OS's policy stores (or POSTERN_POLICY_DIR), read once. */
  readonly policy?: readonly PolicyDocument[];
  /** The time history records; tests pin it. */
  readonly clock?: () => Date;
  /** Where collection scripts run; `thread` (default) can be stopped hard. */
  readonly scriptIsolation?: SandboxIsolation;
  /** How many response bodies stay available for paging. */
  readonly keptResponses?: number;
}

/** The desktop app's operations behind the contract, in plain Node: Electron main and the agent wire to this. */
export interface DesktopServices {
  /** Run one operation; `input` was validated by callSafely. Throws PosternErrors for the bridge to code. */
  handle(name: OperationName, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Cancel sends and runs, wait for runs to finish, delete kept bodies, write the cookie jar, close the database and wipe keys. */
  close(): Promise<void>;
}

export async function createDesktopServices(options: DesktopServicesOptions): Promise<DesktopServices> {
  mkdirSync(options.dataDir, { recursive: true });
  const policyDocuments = options.policy ?? (await readPolicyDocuments());
  const data = openLocalData({ ...options.vault, directory: options.dataDir });
  // The jar saved last session (persistent cookies only); every change is written back to the store.
  const cookieJar = new CookiePersistence(data.store);
  const ctx: ServiceContext = {
    data,
    store: data.store,
    engine: new Engine({ cookies: cookieJar.cookies }),
    bodies: new ResponseBodies(options.keptResponses ?? DEFAULT_KEPT_RESPONSES),
    events: new EventHub(),
    policyDocuments,
    clock: options.clock ?? (() => new Date()),
    sends: new Map(),
    runs: new Map(),
    scriptIsolation: options.scriptIsolation ?? 'thread',
    sandboxes: sandboxSupply(),
  };
  let closed: Promise<void> | undefined;
  return {
    async handle(name, input) {
      if (closed) throw new Error('the services are closed');
      const handler = HANDLERS[name] as (context: ServiceContext, value: unknown) => Promise<unknown>;
      return handler(ctx, input);
    },
    subscribe: (event, listener) => ctx.events.subscribe(event, listener),
    close() {
      closed ??= (async () => {
        for (const send of ctx.sends.values()) send.abort();
        const runs = [...ctx.runs.values()];
        for (const run of runs) run.controller.abort();
        await Promise.allSettled(runs.map((run) => run.finished));
        ctx.events.clear();
        await ctx.sandboxes.close();
        try {
          await ctx.engine.close();
          await ctx.bodies.close();
          // After the engine: no response can set a cookie any more. Before the database closes.
          cookieJar.close();
        } finally {
          data.close();
        }
      })();
      return closed;
    },
  };
}

/**
 * The contract carried in-process: `createPosternApi(localTransport(services))` is a typed API over
 * the same validation and error coding as IPC, for tests and for anything that runs beside main.
 */
export function localTransport(services: DesktopServices): PosternTransport {
  return {
    invoke: (name, input) => callSafely(name, input, (checked, value) => services.handle(checked, value)),
    // In-process: the listener is registered before subscribe returns, so it is ready at once.
    subscribe: (event, listener) => makeSubscription(services.subscribe(event, listener)),
  };
}
