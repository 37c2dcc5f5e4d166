/** The elements service (sync): see types.ts. The implementation is being written; this is its contract. */
import type { WorkspaceAccess } from '../../http/access.js';
import type { Actor } from '../workspaces/index.js';
import type { PullPage, PushChange, PushResult } from './types.js';

export interface ElementsService {
  /** Changes since `since` (paged, ascending), filtered to the elements the caller may view. */
  pull(access: WorkspaceAccess, since: number, limit: number): Promise<PullPage>;
  /**
   * Validate every change first (a bad one refuses the whole push, nothing written), then apply each in
   * one transaction; stale ones come back as conflicts. Publishes the new sequence after commit.
   */
  push(actor: Actor, access: WorkspaceAccess, changes: readonly PushChange[]): Promise<PushResult>;
}

export * from './types.js';
