/**
 * The invites service: email invites with roles (mailed through the pluggable mailer, or requested for
 * an Admin's approval when a Developer may not invite directly), multi-use invite links with an expiry
 * and a maximum number of uses, and accepting either. Who may do what is authz's; every change is
 * audited in the transaction that makes it.
 */
import type { ServerContext } from '../../context.js';
import type { Actor } from '../teams/index.js';
import { acceptInvite } from './accept.js';
import { approveInvite, createInvite, denyInvite, listInvites, revokeInvite, type InviteListFilter } from './email-invites.js';
import { createInviteLink, listInviteLinks, revokeInviteLink } from './links.js';
import type { AcceptedInvite, CreatedInviteLink, CreateInviteInput, CreateInviteLinkInput, InviteLinkView, InvitesDeps, InviteView } from './types.js';

export interface InvitesService {
  /** Mails the invite, or records a request for an Admin (status `requested`); see policy.ts. */
  createInvite(actor: Actor, teamId: string, input: CreateInviteInput): Promise<InviteView>;
  listInvites(actor: Actor, teamId: string, filter: InviteListFilter): Promise<InviteView[]>;
  revokeInvite(actor: Actor, teamId: string, inviteId: string): Promise<InviteView>;
  approveInvite(actor: Actor, teamId: string, inviteId: string): Promise<InviteView>;
  denyInvite(actor: Actor, teamId: string, inviteId: string): Promise<InviteView>;
  createInviteLink(actor: Actor, teamId: string, input: CreateInviteLinkInput): Promise<CreatedInviteLink>;
  listInviteLinks(actor: Actor, teamId: string): Promise<InviteLinkView[]>;
  revokeInviteLink(actor: Actor, teamId: string, linkId: string): Promise<InviteLinkView>;
  /** Joins the team an invite or invite link is for; the token comes from the accept URL's fragment. */
  accept(actor: Actor, token: string): Promise<AcceptedInvite>;
}

export function createInvitesService(ctx: ServerContext, deps: InvitesDeps): InvitesService {
  return {
    createInvite: (actor, teamId, input) => createInvite(ctx, deps, actor, teamId, input),
    listInvites: (actor, teamId, filter) => listInvites(ctx, actor, teamId, filter),
    revokeInvite: (actor, teamId, inviteId) => revokeInvite(ctx, actor, teamId, inviteId),
    approveInvite: (actor, teamId, inviteId) => approveInvite(ctx, deps, actor, teamId, inviteId),
    denyInvite: (actor, teamId, inviteId) => denyInvite(ctx, actor, teamId, inviteId),
    createInviteLink: (actor, teamId, input) => createInviteLink(ctx, deps, actor, teamId, input),
    listInviteLinks: (actor, teamId) => listInviteLinks(ctx, actor, teamId),
    revokeInviteLink: (actor, teamId, linkId) => revokeInviteLink(ctx, actor, teamId, linkId),
    accept: (actor, token) => acceptInvite(ctx, actor, token),
  };
}

export { INVITE_TTL_MS, INVITE_TOKEN_PREFIX, INVITE_LINK_TOKEN_PREFIX, acceptUrl } from './tokens.js';
export { LINK_MAX_DAYS, LINK_MAX_USES } from './links.js';
export { inviteMode, type InviteMode } from './policy.js';
export type { InviteListFilter } from './email-invites.js';
export type * from './types.js';
