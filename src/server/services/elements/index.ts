/** The elements service (sync): see types.ts for what it takes and answers, pull.ts and push.ts for how. */
import type { ServerContext } from '../../context.js';
import type { WorkspaceAccess } from '../../http/access.js';
import type { ChangeNotifier } from '../../notify/index.js';
import type { Actor } from '../workspaces/index.js';
import { pullChanges, pullChangesJson } from './pull.js';
import { pushChanges } from './push.js';
import type { PullPage, PushChange, PushResult } from './types.js';

export interface ElementsService {
  /** Changes since `since` (paged, ascending), filtered to the elements the caller may view. */
  pull(access: WorkspaceAccess, since: number, limit: number): Promise<PullPage>;
  /** The same page as the JSON text the API answers with (stored content spliced in as stored). */
  pullJson(access: WorkspaceAccess, since: number, limit: number): Promise<string>;
  /**
   * Validate every change first (a bad one refuses the whole push, nothing written), then apply each in
   * one transaction; stale ones come back as conflicts. Publishes the new sequence after commit.
   */
  push(actor: Actor, access: WorkspaceAccess, changes: readonly PushChange[]): Promise<PushResult>;
}

/** `notifier` hears each push that wrote something, after it commits. */
export function createElementsService(ctx: ServerContext, notifier: ChangeNotifier): ElementsService {
  return {
    pull: (access, since, limit) => pullChanges(ctx, access, since, limit),
    pullJson: (access, since, limit) => pullChangesJson(ctx, access, since, limit),
    push: (actor, access, changes) => pushChanges(ctx, notifier, actor, access, changes),
  };
}

export { CURRENT_VALUE_KEYS } from '../../../formats/postman/current-value-keys.js';
export * from './types.js';
