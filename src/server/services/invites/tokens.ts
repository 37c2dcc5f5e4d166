/**
 * Invite tokens and the URLs that carry them. Email invites and links have their own prefixes, so an
 * accept goes straight to the right table; the token sits in the URL's fragment, which browsers never
 * send to a server, so it stays out of access logs and Referer headers.
 */
import { newOpaqueToken } from '../../crypto/index.js';
import { isTeamRole, type TeamRole } from '../../authz/index.js';

export const INVITE_TOKEN_PREFIX = 'psi_';
export const INVITE_LINK_TOKEN_PREFIX = 'psl_';

/** How long a mailed invite stays acceptable. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function newInviteToken(): { token: string; hash: string } {
  return newOpaqueToken(INVITE_TOKEN_PREFIX);
}

export function newInviteLinkToken(): { token: string; hash: string } {
  return newOpaqueToken(INVITE_LINK_TOKEN_PREFIX);
}

export function acceptUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/invites/accept#token=${token}`;
}

/** Stored role lists (JSON) back to roles; unknown names are dropped rather than granted. */
export function rolesFromJson(stored: string): TeamRole[] {
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter(isTeamRole) : [];
}
