import type { Engine } from '../engine/index.js';
import { PosternError } from '../model/index.js';
import type { PolicyDocument } from '../policy/index.js';
import type { SandboxIsolation } from '../scripts/index.js';
import type { Store } from '../store/index.js';
import type { EventHub } from './events.js';
import type { LocalData } from './local-data.js';
import type { ResponseBodies } from './response-bodies.js';
import type { SandboxSupply } from './sandbox-supply.js';

/** A collection run in progress. */
export interface RunHandle {
  readonly controller: AbortController;
  /** Settles when the run has finished and its `done` event was sent. */
  readonly finished: Promise<void>;
}

/** What every service shares: the local data, one engine, kept bodies, events, policy, the clock. */
export interface ServiceContext {
  readonly data: LocalData;
  readonly store: Store;
  readonly engine: Engine;
  readonly bodies: ResponseBodies;
  readonly events: EventHub;
  /** Managed policy documents, read once at start (policy applies from the next launch). */
  readonly policyDocuments: readonly PolicyDocument[];
  readonly clock: () => Date;
  /** Sends in flight by the renderer's sendId. */
  readonly sends: Map<string, AbortController>;
  readonly runs: Map<string, RunHandle>;
  readonly scriptIsolation: SandboxIsolation;
  /** Sandboxes for single sends' scripts, one started ahead of need. */
  readonly sandboxes: SandboxSupply;
}

/** The workspace holding a collection (the store keys collections by id alone). */
export function workspaceOfCollection(ctx: ServiceContext, collectionId: string): string {
  for (const workspace of ctx.store.workspaces.list()) {
    if (ctx.store.collections.list(workspace.id).some((c) => c.id === collectionId)) return workspace.id;
  }
  throw new PosternError('STORE_NOT_FOUND', `no collection with id "${collectionId}"`, { path: 'collectionId' });
}

/** The workspace holding an environment. */
export function workspaceOfEnvironment(ctx: ServiceContext, environmentId: string): string {
  for (const workspace of ctx.store.workspaces.list()) {
    if (ctx.store.environments.list(workspace.id).some((e) => e.id === environmentId)) return workspace.id;
  }
  throw new PosternError('STORE_NOT_FOUND', `no environment with id "${environmentId}"`, { path: 'environmentId' });
}
