/**
 * Team routes: create and read a team, rename it, its settings and plan, its members and their roles.
 * Each route names its team action; the guard asks authz before the handler runs, and the service applies
 * the finer rules (who may grant which role, the last Admin) through authz again.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PLANS, TEAM_ROLES } from '../../authz/index.js';
import { TeamSettingsPatchSchema, TeamSettingsSchema, type Actor, type TeamsService } from '../../services/teams/index.js';
import type { RoutePlugin } from '../app.js';
import { principalOf } from '../guard.js';

export const TeamRoleSchema = z.enum(TEAM_ROLES);
export const TeamNameSchema = z.string().trim().min(1).max(100);
export const TeamParams = z.strictObject({ teamId: z.string().min(1).max(100) });
export const MemberParams = TeamParams.extend({ userId: z.string().min(1).max(100) });
const RoleParams = MemberParams.extend({ role: TeamRoleSchema });

const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  plan: z.enum(PLANS),
  settings: TeamSettingsSchema,
  createdAt: z.number(),
  roles: z.array(TeamRoleSchema),
  memberCount: z.number().int(),
  seats: z.number().int(),
});

export const MemberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  joinedAt: z.number(),
  roles: z.array(TeamRoleSchema),
  groups: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(TeamRoleSchema) })),
  effectiveRoles: z.array(TeamRoleSchema),
  takesSeat: z.boolean(),
});

const RolesBody = z
  .array(TeamRoleSchema)
  .min(1)
  .max(TEAM_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'must not repeat a role');

/** The acting user of a route that required a signed-in principal. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = principalOf(request);
  return { userId: principal.userId, email: principal.email, meta: request.access.meta };
}

export function teamRoutes(teams: TeamsService): RoutePlugin {
  return (app) => {
    const tags = ['teams'];

    app.post(
      '/teams',
      {
        config: { access: { kind: 'user' } },
        schema: { tags, body: z.strictObject({ name: TeamNameSchema }), response: { 201: TeamSchema } },
      },
      async (request, reply) => reply.code(201).send(await teams.createTeam(actorOf(request), request.body.name)),
    );

    app.get(
      '/teams/:teamId',
      { config: { access: { kind: 'team', action: 'team.read' } }, schema: { tags, params: TeamParams, response: { 200: TeamSchema } } },
      async (request) => teams.getTeam(actorOf(request), request.params.teamId),
    );

    app.patch(
      '/teams/:teamId',
      {
        config: { access: { kind: 'team', action: 'team.rename' } },
        schema: { tags, params: TeamParams, body: z.strictObject({ name: TeamNameSchema }), response: { 200: TeamSchema } },
      },
      async (request) => teams.renameTeam(actorOf(request), request.params.teamId, request.body.name),
    );

    app.patch(
      '/teams/:teamId/settings',
      {
        config: { access: { kind: 'team', action: 'team.update_settings' } },
        schema: { tags, params: TeamParams, body: TeamSettingsPatchSchema, response: { 200: TeamSettingsSchema } },
      },
      async (request) => teams.updateSettings(actorOf(request), request.params.teamId, request.body),
    );

    app.put(
      '/teams/:teamId/plan',
      {
        config: { access: { kind: 'team', action: 'team.change_plan' } },
        schema: { tags, params: TeamParams, body: z.strictObject({ plan: z.enum(PLANS) }), response: { 200: TeamSchema } },
      },
      async (request) => teams.changePlan(actorOf(request), request.params.teamId, request.body.plan),
    );

    app.get(
      '/teams/:teamId/members',
      {
        config: { access: { kind: 'team', action: 'members.list' } },
        schema: { tags, params: TeamParams, response: { 200: z.object({ members: z.array(MemberSchema) }) } },
      },
      async (request) => ({ members: await teams.listMembers(actorOf(request), request.params.teamId) }),
    );

    app.post(
      '/teams/:teamId/members',
      {
        config: { access: { kind: 'team', action: 'members.add' } },
        schema: {
          tags,
          params: TeamParams,
          body: z.strictObject({ email: z.email().max(320), roles: RolesBody }),
          response: { 201: MemberSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await teams.addMember(actorOf(request), request.params.teamId, request.body)),
    );

    app.delete(
      '/teams/:teamId/members/:userId',
      { config: { access: { kind: 'team', action: 'members.remove' } }, schema: { tags, params: MemberParams } },
      async (request, reply) => {
        await teams.removeMember(actorOf(request), request.params.teamId, request.params.userId);
        return reply.code(204).send();
      },
    );

    app.post(
      '/teams/:teamId/members/:userId/roles',
      {
        config: { access: { kind: 'team', action: 'members.grant_role' } },
        schema: { tags, params: MemberParams, body: z.strictObject({ role: TeamRoleSchema }), response: { 200: MemberSchema } },
      },
      async (request) => teams.grantRole(actorOf(request), request.params.teamId, request.params.userId, request.body.role),
    );

    app.delete(
      '/teams/:teamId/members/:userId/roles/:role',
      { config: { access: { kind: 'team', action: 'members.revoke_role' } }, schema: { tags, params: RoleParams, response: { 200: MemberSchema } } },
      async (request) => teams.revokeRole(actorOf(request), request.params.teamId, request.params.userId, request.params.role),
    );

    app.post(
      '/teams/:teamId/members/:userId/sign-out',
      {
        config: { access: { kind: 'team', action: 'sessions.revoke_member' } },
        schema: { tags, params: MemberParams, response: { 200: z.object({ revoked: z.number().int() }) } },
      },
      async (request) => teams.signOutMember(actorOf(request), request.params.teamId, request.params.userId),
    );
  };
}
