/** User group routes (Enterprise): every member may list groups; Admins and Super Admins shape them. */
import { z } from 'zod';
import { TEAM_ROLES } from '../../authz/index.js';
import type { TeamsService } from '../../services/teams/index.js';
import type { RoutePlugin } from '../app.js';
import { actorOf, TeamParams, TeamRoleSchema } from './teams.js';

const GroupParams = TeamParams.extend({ groupId: z.string().min(1).max(100) });
const GroupMemberParams = GroupParams.extend({ userId: z.string().min(1).max(100) });
const GroupNameSchema = z.string().trim().min(1).max(100);
const GroupRolesSchema = z
  .array(TeamRoleSchema)
  .max(TEAM_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'must not repeat a role');

const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(TeamRoleSchema),
  createdAt: z.number(),
  members: z.array(z.object({ userId: z.string(), email: z.string(), name: z.string(), addedAt: z.number() })),
});

export function groupRoutes(teams: TeamsService): RoutePlugin {
  return (app) => {
    const tags = ['groups'];
    const manage = { access: { kind: 'team', action: 'groups.manage' } } as const;

    app.get(
      '/teams/:teamId/groups',
      {
        config: { access: { kind: 'team', action: 'groups.list' } },
        schema: { tags, params: TeamParams, response: { 200: z.object({ groups: z.array(GroupSchema) }) } },
      },
      async (request) => ({ groups: await teams.listGroups(actorOf(request), request.params.teamId) }),
    );

    app.post(
      '/teams/:teamId/groups',
      {
        config: manage,
        schema: { tags, params: TeamParams, body: z.strictObject({ name: GroupNameSchema, roles: GroupRolesSchema }), response: { 201: GroupSchema } },
      },
      async (request, reply) => reply.code(201).send(await teams.createGroup(actorOf(request), request.params.teamId, request.body)),
    );

    app.patch(
      '/teams/:teamId/groups/:groupId',
      {
        config: manage,
        schema: {
          tags,
          params: GroupParams,
          body: z.strictObject({ name: GroupNameSchema.optional(), roles: GroupRolesSchema.optional() }),
          response: { 200: GroupSchema },
        },
      },
      async (request) => {
        const { name, roles } = request.body;
        return teams.updateGroup(actorOf(request), request.params.teamId, request.params.groupId, {
          ...(name !== undefined ? { name } : {}),
          ...(roles !== undefined ? { roles } : {}),
        });
      },
    );

    app.delete('/teams/:teamId/groups/:groupId', { config: manage, schema: { tags, params: GroupParams } }, async (request, reply) => {
      await teams.deleteGroup(actorOf(request), request.params.teamId, request.params.groupId);
      return reply.code(204).send();
    });

    app.post(
      '/teams/:teamId/groups/:groupId/members',
      {
        config: manage,
        schema: { tags, params: GroupParams, body: z.strictObject({ userId: z.string().min(1).max(100) }), response: { 200: GroupSchema } },
      },
      async (request) => teams.addGroupMember(actorOf(request), request.params.teamId, request.params.groupId, request.body.userId),
    );

    app.delete(
      '/teams/:teamId/groups/:groupId/members/:userId',
      { config: manage, schema: { tags, params: GroupMemberParams, response: { 200: GroupSchema } } },
      async (request) => teams.removeGroupMember(actorOf(request), request.params.teamId, request.params.groupId, request.params.userId),
    );
  };
}
