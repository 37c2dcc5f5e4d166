/**
 * The sync client (issue 7 §2): keeps one workspace's collections, environments and globals in step
 * with the team server. Pull, push with conflicts returned to the caller, offline survival, live
 * following over Server-Sent Events. Current values never leave the device.
 */
export { createSyncClient } from './client.js';
export type { LocalView, PullSummary, PushSummary, RejectedChange, SyncClient, SyncClientOptions, SyncClock, SyncConflict, SyncSummary } from './client.js';
export { SyncError, isSyncError, isOffline, type SyncErrorKind, type SyncErrorJson } from './errors.js';
export { memorySyncState, emptySyncState, type SyncStateData, type SyncStateStore, type LocalElement, type PendingChange, type PendingStatus, type StoredConflict } from './state.js';
export { fileSyncState } from './file-state.js';
export { stripCurrentValues, hasCurrentValues, carryCurrentValues, CURRENT_VALUE_KEYS } from './current-values.js';
export { backoffDelay, type LiveOptions, type LiveStatus } from './live.js';
export { createSseParser, type SseEvent } from './sse.js';
export { GLOBALS_ELEMENT_ID, ELEMENT_ID_PATTERN, SYNC_ELEMENT_TYPES, type ElementContent, type SyncElementType, type ElementState, type AppliedChange } from './wire.js';
