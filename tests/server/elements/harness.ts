/**
 * Fixtures for the elements service over a real database: users (rows, as the teams tests make them),
 * teams, workspaces, workspace and element roles made through the real teams and workspaces services,
 * the caller's WorkspaceAccess as the guard would hand it, and Postman documents to push.
 */
import { randomBytes } from 'node:crypto';
import type { TeamRole, WorkspaceRole, WorkspaceVisibility } from '../../../src/server/authz/index.js';
import { newId, type DatabaseKind } from '../../../src/server/db/index.js';
import type { Principal, WorkspaceAccess } from '../../../src/server/http/access.js';
import { memoryNotifier, type ChangeNotifier, type WorkspaceChange } from '../../../src/server/notify/index.js';
import { createElementsService, type ElementContent, type ElementsService } from '../../../src/server/services/elements/index.js';
import { createTeamsService, type TeamsService } from '../../../src/server/services/teams/index.js';
import { createWorkspacesService, type Actor, type WorkspacesService } from '../../../src/server/services/workspaces/index.js';
import { openTestContext, type TestContext } from '../support/context.js';

export interface ElementsHarness {
  readonly test: TestContext;
  readonly elements: ElementsService;
  readonly teams: TeamsService;
  readonly workspaces: WorkspacesService;
  readonly notifier: ChangeNotifier;
  user(label?: string): Promise<Actor>;
  /** A team made by `owner` (Admin, Billing, Developer), on `plan`. */
  team(owner: Actor, plan?: 'free' | 'professional' | 'enterprise'): Promise<string>;
  /** Adds `user` to the team (as Developer unless roles are given). */
  member(owner: Actor, teamId: string, user: Actor, roles?: TeamRole[]): Promise<void>;
  workspace(owner: Actor, teamId: string, visibility?: WorkspaceVisibility): Promise<string>;
  role(admin: Actor, workspaceId: string, user: Actor, role: WorkspaceRole): Promise<void>;
  elementRole(admin: Actor, workspaceId: string, element: { type: 'collection' | 'environment'; id: string }, user: Actor, role: 'editor' | 'viewer'): Promise<void>;
  /** What the guard hands the service (null principal: not signed in). */
  access(workspaceId: string, user: Actor | null): Promise<WorkspaceAccess>;
  /** A workspace with its Admin (the team's creator) ready to push. */
  fresh(visibility?: WorkspaceVisibility): Promise<{ admin: Actor; teamId: string; workspaceId: string; access: WorkspaceAccess }>;
  /** Every change the notifier publishes for the workspace, in order. */
  listen(workspaceId: string): WorkspaceChange[];
  /** The workspace's stored change sequence and element rows (for "nothing was written"). */
  snapshot(workspaceId: string): Promise<{ changeSeq: number; rows: unknown[] }>;
  close(): Promise<void>;
}

let counter = 0;

function principalOf(user: Actor): Principal {
  return { kind: 'session', userId: user.userId, email: user.email, sessionId: newId('ses'), stage: 'full' };
}

export async function openElementsHarness(kind: DatabaseKind): Promise<ElementsHarness> {
  const test = await openTestContext(kind);
  const { ctx } = test;
  const notifier = memoryNotifier();
  const teams = createTeamsService(ctx);
  const workspaces = createWorkspacesService(ctx);
  const elements = createElementsService(ctx, notifier);
  const harness: ElementsHarness = {
    test,
    elements,
    teams,
    workspaces,
    notifier,
    async user(label = 'user') {
      counter += 1;
      const userId = newId('usr');
      const email = `${label}-${counter}-${randomBytes(3).toString('hex')}@example.com`;
      await ctx.db
        .insertInto('users')
        .values({ id: userId, email, name: label, password_hash: null, totp_secret_sealed: null, totp_enabled_at: null, totp_last_step: null, created_at: ctx.clock(), password_changed_at: null, disabled_at: null })
        .execute();
      return { userId, email, meta: null };
    },
    async team(owner, plan = 'free') {
      const team = await teams.createTeam(owner, `Team ${counter}`);
      if (plan !== 'free') await teams.changePlan(owner, team.id, plan);
      return team.id;
    },
    async member(owner, teamId, user, roles = ['developer']) {
      await teams.addMember(owner, teamId, { email: user.email, roles });
    },
    async workspace(owner, teamId, visibility = 'team') {
      return (await workspaces.createWorkspace(owner, teamId, { name: `Workspace ${counter}`, visibility })).id;
    },
    async role(admin, workspaceId, user, role) {
      await workspaces.addMember(admin, workspaceId, { type: 'user', id: user.userId }, role);
    },
    async elementRole(admin, workspaceId, element, user, role) {
      await workspaces.grantElementRole(admin, workspaceId, { element, principal: { type: 'user', id: user.userId }, role });
    },
    async access(workspaceId, user) {
      const access = await workspaces.workspaceAccess(workspaceId, user === null ? null : principalOf(user));
      if (access === null) throw new Error(`no workspace ${workspaceId}`);
      return access;
    },
    async fresh(visibility = 'team') {
      const admin = await harness.user('admin');
      const teamId = await harness.team(admin);
      const workspaceId = await harness.workspace(admin, teamId, visibility);
      return { admin, teamId, workspaceId, access: await harness.access(workspaceId, admin) };
    },
    listen(workspaceId) {
      const heard: WorkspaceChange[] = [];
      notifier.subscribe(workspaceId, (change) => heard.push(change));
      return heard;
    },
    async snapshot(workspaceId) {
      const workspace = await ctx.db.selectFrom('workspaces').select('change_seq').where('id', '=', workspaceId).executeTakeFirstOrThrow();
      const rows = await ctx.db.selectFrom('elements').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
      // Sealed content differs on every seal: compare it as is (a rewrite would change it).
      return { changeSeq: Number(workspace.change_seq), rows };
    },
    async close() {
      await notifier.close();
      await test.close();
    },
  };
  return harness;
}

const SCHEMA_V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
const SCHEMA_V20 = 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json';

/** A small Postman v2.1 collection; `extra` is merged into the document. */
export function collectionDoc(name: string, extra: ElementContent = {}): ElementContent {
  return {
    info: { _postman_id: `pm-${name}`, name, schema: SCHEMA_V21 },
    item: [{ id: 'req-1', name: 'Get things', request: { method: 'GET', url: 'https://api.example.com/things' } }],
    ...extra,
  };
}

/** The same collection as Postman v2.0 writes it. */
export function collectionDocV20(name: string): ElementContent {
  return { info: { _postman_id: `pm-${name}`, name, schema: SCHEMA_V20 }, item: [{ id: 'req-1', name: 'Get things', request: { method: 'GET', url: 'https://api.example.com/things' } }] };
}

export function environmentDoc(name: string, values: { key: string; value: string; type?: string }[] = [{ key: 'host', value: 'api.example.com' }]): ElementContent {
  return { id: `env-${name}`, name, values: values.map((value) => ({ enabled: true, type: 'default', ...value })), _postman_variable_scope: 'environment' };
}

export function globalsDoc(values: { key: string; value: string }[]): ElementContent {
  return { id: 'globals', name: 'Globals', values: values.map((value) => ({ enabled: true, type: 'default', ...value })), _postman_variable_scope: 'globals' };
}

export function uniqueId(label: string): string {
  counter += 1;
  return `${label}-${counter}-${randomBytes(4).toString('hex')}`;
}
