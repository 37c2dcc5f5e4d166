/**
 * Invite routes: email invites (create, list, revoke, approve or deny a request), invite links (create,
 * list, revoke), and accepting either. Creating an invite is open to every member at the gate
 * (`team.read`): whether it is sent, becomes a request for an Admin, or is refused depends on the roles
 * invited, which only the body says — the service decides that through authz (policy.ts). Every other
 * route names its action here and the guard asks authz before the handler runs.
 */
import { z } from 'zod';
import { TEAM_ROLES } from '../../authz/index.js';
import { LINK_MAX_DAYS, LINK_MAX_USES, type InvitesService } from '../../services/invites/index.js';
import type { RoutePlugin } from '../app.js';
import { actorOf, TeamParams, TeamRoleSchema } from './teams.js';

const InviteParams = TeamParams.extend({ inviteId: z.string().min(1).max(100) });
const LinkParams = TeamParams.extend({ linkId: z.string().min(1).max(100) });

const PersonSchema = z.object({ userId: z.string(), email: z.string().nullable() });

const InviteSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  email: z.string(),
  roles: z.array(TeamRoleSchema),
  status: z.enum(['requested', 'pending', 'expired', 'accepted', 'revoked', 'denied']),
  invitedBy: PersonSchema,
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  decidedBy: PersonSchema.nullable(),
  decidedAt: z.number().nullable(),
  acceptedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});

const InviteLinkSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  role: TeamRoleSchema,
  status: z.enum(['active', 'expired', 'used_up', 'revoked']),
  createdBy: PersonSchema,
  createdAt: z.number(),
  expiresAt: z.number(),
  maxUses: z.number().int(),
  uses: z.number().int(),
  revokedBy: PersonSchema.nullable(),
  revokedAt: z.number().nullable(),
});

const InviteRolesBody = z
  .array(TeamRoleSchema)
  .min(1)
  .max(TEAM_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'must not repeat a role');

const CreateInviteBody = z.strictObject({ email: z.email().max(254), roles: InviteRolesBody });
const CreateLinkBody = z.strictObject({
  role: TeamRoleSchema,
  expiresInDays: z.number().int().min(1).max(LINK_MAX_DAYS),
  maxUses: z.number().int().min(1).max(LINK_MAX_USES),
});
const AcceptBody = z.strictObject({ token: z.string().trim().min(1).max(200) });
const NoBody = z.strictObject({}).nullish();

export function inviteRoutes(invites: InvitesService): RoutePlugin {
  return (app) => {
    const tags = ['invites'];

    app.post(
      '/teams/:teamId/invites',
      {
        config: { access: { kind: 'team', action: 'team.read' } },
        schema: { tags, params: TeamParams, body: CreateInviteBody, response: { 201: InviteSchema } },
      },
      async (request, reply) => reply.code(201).send(await invites.createInvite(actorOf(request), request.params.teamId, request.body)),
    );

    app.get(
      '/teams/:teamId/invites',
      {
        config: { access: { kind: 'team', action: 'invites.manage' } },
        schema: {
          tags,
          params: TeamParams,
          querystring: z.strictObject({ status: z.enum(['open', 'all']).default('open') }),
          response: { 200: z.object({ invites: z.array(InviteSchema) }) },
        },
      },
      async (request) => ({ invites: await invites.listInvites(actorOf(request), request.params.teamId, request.query.status) }),
    );

    app.delete(
      '/teams/:teamId/invites/:inviteId',
      { config: { access: { kind: 'team', action: 'invites.manage' } }, schema: { tags, params: InviteParams, response: { 200: InviteSchema } } },
      async (request) => invites.revokeInvite(actorOf(request), request.params.teamId, request.params.inviteId),
    );

    app.post(
      '/teams/:teamId/invites/:inviteId/approve',
      { config: { access: { kind: 'team', action: 'invites.manage' } }, schema: { tags, params: InviteParams, body: NoBody, response: { 200: InviteSchema } } },
      async (request) => invites.approveInvite(actorOf(request), request.params.teamId, request.params.inviteId),
    );

    app.post(
      '/teams/:teamId/invites/:inviteId/deny',
      { config: { access: { kind: 'team', action: 'invites.manage' } }, schema: { tags, params: InviteParams, body: NoBody, response: { 200: InviteSchema } } },
      async (request) => invites.denyInvite(actorOf(request), request.params.teamId, request.params.inviteId),
    );

    app.post(
      '/teams/:teamId/invite-links',
      {
        config: { access: { kind: 'team', action: 'invite_links.manage' } },
        schema: { tags, params: TeamParams, body: CreateLinkBody, response: { 201: z.object({ link: InviteLinkSchema, url: z.string() }) } },
      },
      async (request, reply) => reply.code(201).send(await invites.createInviteLink(actorOf(request), request.params.teamId, request.body)),
    );

    app.get(
      '/teams/:teamId/invite-links',
      {
        config: { access: { kind: 'team', action: 'invite_links.manage' } },
        schema: { tags, params: TeamParams, response: { 200: z.object({ links: z.array(InviteLinkSchema) }) } },
      },
      async (request) => ({ links: await invites.listInviteLinks(actorOf(request), request.params.teamId) }),
    );

    app.delete(
      '/teams/:teamId/invite-links/:linkId',
      { config: { access: { kind: 'team', action: 'invite_links.manage' } }, schema: { tags, params: LinkParams, response: { 200: InviteLinkSchema } } },
      async (request) => invites.revokeInviteLink(actorOf(request), request.params.teamId, request.params.linkId),
    );

    app.post(
      '/invites/accept',
      {
        config: { access: { kind: 'user' } },
        schema: {
          tags,
          body: AcceptBody,
          response: { 200: z.object({ teamId: z.string(), teamName: z.string(), roles: z.array(TeamRoleSchema), via: z.enum(['invite', 'invite_link']) }) },
        },
      },
      async (request) => invites.accept(actorOf(request), request.body.token),
    );
  };
}
