/** Live change notifications between pushes and connected clients (see types.ts). */
export type { ChangeListener, ChangeNotifier, WorkspaceChange } from './types.js';
export { memoryNotifier, createListenerRegistry, type ListenerRegistry } from './memory-notifier.js';
export { encodeChangePayload } from './payload.js';
export {
  postgresNotifier,
  defaultReconnectDelayMs,
  SYNC_CHANGES_CHANNEL,
  NOTIFIER_APPLICATION_NAME,
  type PostgresNotifierOptions,
} from './postgres-notifier.js';
