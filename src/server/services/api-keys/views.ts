/**
 * What listings show of a key: never its hash nor the key, but enough to recognise it (name, last four
 * characters) and to see whether and why it still works.
 */
import { keyState, type KeyStatus, type RevokeReason } from './policy.js';

export interface ApiKeyView {
  readonly id: string;
  readonly teamId: string;
  readonly name: string;
  /** The key's last characters, to tell keys apart. */
  readonly hint: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  /** The owner's own inactivity period. */
  readonly expiresAfterDays: number | null;
  /** The period in force: the team's when set, else the owner's. */
  readonly effectiveExpiryDays: number | null;
  /** When it stops working if unused until then; null without a period or once revoked. */
  readonly expiresAt: number | null;
  readonly status: KeyStatus;
  readonly statusReason: RevokeReason | null;
  readonly revokedAt: number | null;
  readonly revokedBy: string | null;
}

export interface TeamApiKeyView extends ApiKeyView {
  readonly owner: { readonly userId: string; readonly email: string; readonly name: string };
}

/** The api_keys columns a view reads (hash excluded on purpose). */
export const VIEW_COLUMNS = [
  'k.id',
  'k.team_id',
  'k.user_id',
  'k.name',
  'k.hint',
  'k.created_at',
  'k.last_used_at',
  'k.expires_after_days',
  'k.revoked_at',
  'k.revoke_reason',
  'k.revoked_by',
] as const;

export interface ViewRow {
  readonly id: string;
  readonly team_id: string;
  readonly name: string;
  readonly hint: string;
  readonly created_at: number;
  readonly last_used_at: number | null;
  readonly expires_after_days: number | null;
  readonly revoked_at: number | null;
  readonly revoke_reason: string | null;
  readonly revoked_by: string | null;
}

/**
 * `ownerIsMember` false: the owner left the team, so the key no longer works even if no request has
 * recorded that yet.
 */
export function toView(row: ViewRow, teamDays: number | null, now: number, ownerIsMember = true): ApiKeyView {
  const recorded = keyState(
    { createdAt: row.created_at, lastUsedAt: row.last_used_at, expiresAfterDays: row.expires_after_days, revokedAt: row.revoked_at, revokeReason: row.revoke_reason },
    teamDays,
    now,
  );
  const state = ownerIsMember || recorded.status !== 'active' ? recorded : { ...recorded, status: 'revoked' as const, statusReason: 'member_removed' as const, expiresAt: null };
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    hint: row.hint,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAfterDays: row.expires_after_days,
    effectiveExpiryDays: state.effectiveExpiryDays,
    expiresAt: state.expiresAt,
    status: state.status,
    statusReason: state.statusReason,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}
