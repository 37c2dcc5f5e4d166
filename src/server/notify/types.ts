/**
 * Live change notifications: after a push commits, the server publishes the workspace's new change
 * sequence; connected clients (the sync live stream) hear it and pull. One process uses the in-memory
 * notifier; several processes against one PostgreSQL use LISTEN/NOTIFY so a push on one reaches
 * clients connected to another.
 */
export interface WorkspaceChange {
  readonly workspaceId: string;
  /** The workspace's change sequence after the push. */
  readonly seq: number;
}

export type ChangeListener = (change: WorkspaceChange) => void;

export interface ChangeNotifier {
  /** Tell every process's listeners of this workspace. Never throws: a lost notice only delays a pull. */
  publish(change: WorkspaceChange): Promise<void>;
  /**
   * Hear changes of one workspace (published by any process); returns the unsubscribe function. A seq may
   * come again: after a lost connection the PostgreSQL notifier re-delivers each workspace's current seq.
   */
  subscribe(workspaceId: string, listener: ChangeListener): () => void;
  /** Stop listening and release connections; listeners hear nothing after. */
  close(): Promise<void>;
  /**
   * Set by a notifier that hears PostgreSQL NOTIFY on `channel` (payloads from `encodeChangePayload`) on
   * the server's own database: a push may then announce its change inside its transaction instead of
   * calling `publish` — delivered exactly when it commits, never for one that rolls back, and one round
   * trip fewer.
   */
  readonly inTransaction?: { readonly channel: string };
}
