/**
 * The NOTIFY payload between server processes: compact JSON `{"w":workspaceId,"s":seq}` (PostgreSQL
 * caps a payload at 8000 bytes; ids are short). Decoding is defensive: anything else on the channel is
 * ignored, not trusted.
 */
import type { WorkspaceChange } from './types.js';

/** Workspace ids are short generated ids; a longer one is not ours. */
const MAX_WORKSPACE_ID_LENGTH = 200;

export function isWorkspaceChange(value: { readonly workspaceId: unknown; readonly seq: unknown }): value is WorkspaceChange {
  const { workspaceId, seq } = value;
  return typeof workspaceId === 'string' && workspaceId !== '' && workspaceId.length <= MAX_WORKSPACE_ID_LENGTH && Number.isSafeInteger(seq) && (seq as number) >= 0;
}

export function encodeChangePayload(change: WorkspaceChange): string {
  return JSON.stringify({ w: change.workspaceId, s: change.seq });
}

/** The change a payload carries, or null for anything malformed. */
export function decodeChangePayload(payload: string | undefined): WorkspaceChange | null {
  if (payload === undefined || payload.length > 1000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const change = { workspaceId: record['w'], seq: record['s'] };
  return isWorkspaceChange(change) ? change : null;
}
