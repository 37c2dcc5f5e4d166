/** What the invites service takes and answers. */
import type { TeamRole } from '../../authz/index.js';
import type { Mailer } from '../../mailer/index.js';

export interface InvitesDeps {
  readonly mailer: Mailer;
  /** The server's public base URL (`https://postern.example.com`), read when a link is made. */
  readonly publicUrl: () => string;
}

export interface PersonRef {
  readonly userId: string;
  /** null when the account no longer exists. */
  readonly email: string | null;
}

/**
 * `requested`: a Developer's invite waiting for an Admin (nothing mailed yet); `pending`: mailed and
 * acceptable; `expired`: pending past its expiry; then `accepted`, `revoked` or `denied`.
 */
export type InviteStatus = 'requested' | 'pending' | 'expired' | 'accepted' | 'revoked' | 'denied';

export interface InviteView {
  readonly id: string;
  readonly teamId: string;
  readonly email: string;
  readonly roles: TeamRole[];
  readonly status: InviteStatus;
  readonly invitedBy: PersonRef;
  readonly createdAt: number;
  /** null while requested (the clock starts when the invite is mailed). */
  readonly expiresAt: number | null;
  /** Who approved or denied a request. */
  readonly decidedBy: PersonRef | null;
  readonly decidedAt: number | null;
  readonly acceptedAt: number | null;
  readonly revokedAt: number | null;
}

export type InviteLinkStatus = 'active' | 'expired' | 'used_up' | 'revoked';

export interface InviteLinkView {
  readonly id: string;
  readonly teamId: string;
  readonly role: TeamRole;
  readonly status: InviteLinkStatus;
  readonly createdBy: PersonRef;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly maxUses: number;
  readonly uses: number;
  readonly revokedBy: PersonRef | null;
  readonly revokedAt: number | null;
}

/** A new link and its URL, shown this once (only the token's hash is kept). */
export interface CreatedInviteLink {
  readonly link: InviteLinkView;
  readonly url: string;
}

export interface CreateInviteInput {
  readonly email: string;
  readonly roles: readonly TeamRole[];
}

export interface CreateInviteLinkInput {
  readonly role: TeamRole;
  readonly expiresInDays: number;
  readonly maxUses: number;
}

export interface AcceptedInvite {
  readonly teamId: string;
  readonly teamName: string;
  /** The roles the new member was given. */
  readonly roles: TeamRole[];
  readonly via: 'invite' | 'invite_link';
}
