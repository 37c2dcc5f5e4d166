/**
 * Workspace routes: workspaces of a team, one workspace (settings, visibility, members, element roles),
 * publish requests for Community Managers, and the anonymous view of public workspaces. Workspace routes
 * declare a workspace action: the guard loads the caller's standing and asks authz (404 for a workspace
 * the caller may not see); team routes declare a team action as elsewhere.
 */
import { z } from 'zod';
import { ELEMENT_ROLES, ELEMENT_TYPES, WORKSPACE_ACTIONS, WORKSPACE_ROLES, WORKSPACE_VISIBILITIES } from '../../authz/index.js';
import { PRINCIPAL_TYPES, PUBLISH_STATUSES, type WorkspacesService } from '../../services/workspaces/index.js';
import type { RoutePlugin } from '../app.js';
import { workspaceOf } from '../guard.js';
import { actorOf, TeamParams } from './teams.js';

const IdSchema = z.string().min(1).max(100);
const WorkspaceParams = z.strictObject({ workspaceId: IdSchema });
/** `users` / `groups` in paths, `user` / `group` in bodies and answers. */
const MemberTypePath = z.enum(['users', 'groups']).transform((type) => (type === 'users' ? 'user' : 'group'));
const MemberParams = WorkspaceParams.extend({ memberType: MemberTypePath, memberId: IdSchema });
const ElementRoleParams = MemberParams.extend({ elementType: z.enum(ELEMENT_TYPES), elementId: IdSchema });
const RequestParams = TeamParams.extend({ requestId: IdSchema });

const VisibilitySchema = z.enum(WORKSPACE_VISIBILITIES);
const WorkspaceRoleSchema = z.enum(WORKSPACE_ROLES);
const NameSchema = z.string().trim().min(1).max(100);
const DescriptionSchema = z.string().max(2000);
const NoteBody = z.strictObject({ note: z.string().trim().max(500).optional() });

const PublishRequestSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  workspaceName: z.string(),
  requestedBy: z.string(),
  requestedAt: z.number(),
  fromVisibility: VisibilitySchema,
  status: z.enum(PUBLISH_STATUSES),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  note: z.string().nullable(),
});

const WorkspaceSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  description: z.string(),
  visibility: VisibilitySchema,
  ownerId: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  roles: z.array(WorkspaceRoleSchema),
  actions: z.array(z.enum(WORKSPACE_ACTIONS)),
  pendingPublishRequest: PublishRequestSchema.nullable(),
});

const MembersSchema = z.object({
  members: z.array(
    z.object({
      type: z.enum(PRINCIPAL_TYPES),
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      role: WorkspaceRoleSchema,
      grantedBy: z.string().nullable(),
      grantedAt: z.number(),
    }),
  ),
});

const ElementRolesSchema = z.object({
  elementRoles: z.array(
    z.object({
      elementType: z.enum(ELEMENT_TYPES),
      elementId: z.string(),
      type: z.enum(PRINCIPAL_TYPES),
      id: z.string(),
      role: z.enum(ELEMENT_ROLES),
      grantedBy: z.string().nullable(),
      grantedAt: z.number(),
    }),
  ),
});

export function workspaceRoutes(workspaces: WorkspacesService): RoutePlugin {
  return (app) => {
    const tags = ['workspaces'];

    app.post(
      '/teams/:teamId/workspaces',
      {
        // Any member; authz's workspace.create then decides on the visibility asked for.
        config: { access: { kind: 'team', action: 'team.read' } },
        schema: {
          tags,
          params: TeamParams,
          body: z.strictObject({ name: NameSchema, description: DescriptionSchema.optional(), visibility: VisibilitySchema }),
          response: { 201: WorkspaceSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await workspaces.createWorkspace(actorOf(request), request.params.teamId, request.body)),
    );

    app.get(
      '/teams/:teamId/workspaces',
      {
        config: { access: { kind: 'team', action: 'team.read' } },
        schema: { tags, params: TeamParams, response: { 200: z.object({ workspaces: z.array(WorkspaceSchema) }) } },
      },
      async (request) => ({ workspaces: await workspaces.listWorkspaces(actorOf(request), request.params.teamId) }),
    );

    app.get(
      '/workspaces/:workspaceId',
      { config: { access: { kind: 'workspace', action: 'workspace.view' } }, schema: { tags, params: WorkspaceParams, response: { 200: WorkspaceSchema } } },
      async (request) => workspaces.getWorkspace(workspaceOf(request)),
    );

    app.patch(
      '/workspaces/:workspaceId',
      {
        config: { access: { kind: 'workspace', action: 'workspace.update' } },
        schema: {
          tags,
          params: WorkspaceParams,
          body: z.strictObject({ name: NameSchema.optional(), description: DescriptionSchema.optional() }),
          response: { 200: WorkspaceSchema },
        },
      },
      async (request) => workspaces.updateWorkspace(actorOf(request), request.params.workspaceId, request.body),
    );

    app.delete(
      '/workspaces/:workspaceId',
      { config: { access: { kind: 'workspace', action: 'workspace.delete' } }, schema: { tags, params: WorkspaceParams } },
      async (request, reply) => {
        await workspaces.deleteWorkspace(actorOf(request), request.params.workspaceId);
        return reply.code(204).send();
      },
    );

    app.put(
      '/workspaces/:workspaceId/visibility',
      {
        config: { access: { kind: 'workspace', action: 'workspace.change_visibility' } },
        schema: {
          tags,
          params: WorkspaceParams,
          body: z.strictObject({ visibility: VisibilitySchema }),
          response: { 200: z.object({ workspace: WorkspaceSchema, publishRequest: PublishRequestSchema.nullable() }), 202: z.object({ workspace: WorkspaceSchema, publishRequest: PublishRequestSchema }) },
        },
      },
      async (request, reply) => {
        const result = await workspaces.changeVisibility(actorOf(request), request.params.workspaceId, request.body.visibility);
        // 202: the change waits for a Community Manager; the workspace keeps its visibility meanwhile.
        return reply.code(result.publishRequest === null ? 200 : 202).send(result);
      },
    );

    app.get(
      '/workspaces/:workspaceId/members',
      { config: { access: { kind: 'workspace', action: 'workspace.members.view' } }, schema: { tags, params: WorkspaceParams, response: { 200: MembersSchema } } },
      async (request) => ({ members: await workspaces.listMembers(workspaceOf(request)) }),
    );

    app.post(
      '/workspaces/:workspaceId/members',
      {
        config: { access: { kind: 'workspace', action: 'workspace.members.manage' } },
        schema: {
          tags,
          params: WorkspaceParams,
          body: z.strictObject({ type: z.enum(PRINCIPAL_TYPES), id: IdSchema, role: WorkspaceRoleSchema }),
          response: { 201: MembersSchema },
        },
      },
      async (request, reply) => {
        const { type, id, role } = request.body;
        return reply.code(201).send({ members: await workspaces.addMember(actorOf(request), request.params.workspaceId, { type, id }, role) });
      },
    );

    app.patch(
      '/workspaces/:workspaceId/members/:memberType/:memberId',
      {
        config: { access: { kind: 'workspace', action: 'workspace.members.manage' } },
        schema: { tags, params: MemberParams, body: z.strictObject({ role: WorkspaceRoleSchema }), response: { 200: MembersSchema } },
      },
      async (request) => {
        const { workspaceId, memberType, memberId } = request.params;
        return { members: await workspaces.changeMemberRole(actorOf(request), workspaceId, { type: memberType, id: memberId }, request.body.role) };
      },
    );

    app.delete(
      '/workspaces/:workspaceId/members/:memberType/:memberId',
      { config: { access: { kind: 'workspace', action: 'workspace.members.manage' } }, schema: { tags, params: MemberParams } },
      async (request, reply) => {
        const { workspaceId, memberType, memberId } = request.params;
        await workspaces.removeMember(actorOf(request), workspaceId, { type: memberType, id: memberId });
        return reply.code(204).send();
      },
    );

    app.get(
      '/workspaces/:workspaceId/element-roles',
      { config: { access: { kind: 'workspace', action: 'workspace.members.view' } }, schema: { tags, params: WorkspaceParams, response: { 200: ElementRolesSchema } } },
      async (request) => ({ elementRoles: await workspaces.listElementRoles(workspaceOf(request)) }),
    );

    app.put(
      '/workspaces/:workspaceId/element-roles',
      {
        config: { access: { kind: 'workspace', action: 'element.manage_roles' } },
        schema: {
          tags,
          params: WorkspaceParams,
          body: z.strictObject({
            elementType: z.enum(ELEMENT_TYPES),
            elementId: IdSchema,
            type: z.enum(PRINCIPAL_TYPES),
            id: IdSchema,
            role: z.enum(ELEMENT_ROLES),
          }),
          response: { 200: ElementRolesSchema },
        },
      },
      async (request) => {
        const { elementType, elementId, type, id, role } = request.body;
        const grant = { element: { type: elementType, id: elementId }, principal: { type, id }, role };
        return { elementRoles: await workspaces.grantElementRole(actorOf(request), request.params.workspaceId, grant) };
      },
    );

    app.delete(
      '/workspaces/:workspaceId/element-roles/:elementType/:elementId/:memberType/:memberId',
      { config: { access: { kind: 'workspace', action: 'element.manage_roles' } }, schema: { tags, params: ElementRoleParams } },
      async (request, reply) => {
        const { workspaceId, elementType, elementId, memberType, memberId } = request.params;
        await workspaces.revokeElementRole(actorOf(request), workspaceId, { type: elementType, id: elementId }, { type: memberType, id: memberId });
        return reply.code(204).send();
      },
    );

    app.get(
      '/teams/:teamId/publish-requests',
      {
        config: { access: { kind: 'team', action: 'public.approve_requests' } },
        schema: {
          tags,
          params: TeamParams,
          querystring: z.strictObject({ status: z.enum([...PUBLISH_STATUSES, 'all']).default('pending') }),
          response: { 200: z.object({ requests: z.array(PublishRequestSchema) }) },
        },
      },
      async (request) => ({ requests: await workspaces.listPublishRequests(actorOf(request), request.params.teamId, request.query.status) }),
    );

    app.post(
      '/teams/:teamId/publish-requests/:requestId/approve',
      {
        config: { access: { kind: 'team', action: 'public.approve_requests' } },
        schema: { tags, params: RequestParams, body: NoteBody, response: { 200: PublishRequestSchema } },
      },
      async (request) => workspaces.approvePublishRequest(actorOf(request), request.params.teamId, request.params.requestId, request.body.note ?? null),
    );

    app.post(
      '/teams/:teamId/publish-requests/:requestId/deny',
      {
        config: { access: { kind: 'team', action: 'public.approve_requests' } },
        schema: { tags, params: RequestParams, body: NoteBody, response: { 200: PublishRequestSchema } },
      },
      async (request) => workspaces.denyPublishRequest(actorOf(request), request.params.teamId, request.params.requestId, request.body.note ?? null),
    );

    app.get(
      '/public/workspaces/:workspaceId',
      {
        config: { access: { kind: 'workspace', action: 'workspace.view_public', public: true } },
        schema: {
          tags,
          params: WorkspaceParams,
          response: { 200: z.object({ id: z.string(), name: z.string(), description: z.string(), visibility: z.literal('public'), updatedAt: z.number() }) },
        },
      },
      async (request) => workspaces.getPublicWorkspace(workspaceOf(request)),
    );
  };
}
