/**
 * Workspaces (issue 7): the workspace rows, who holds which workspace role (users and groups), element
 * role grants that refine it for one collection or environment, and requests to make a workspace public.
 * Grants name their holder as (principal_type, principal_id) so users and groups share one table; rows of
 * a deleted group or a departed member stay but match nobody (authz and the loaders ignore them).
 */
import type { Kysely } from 'kysely';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workspaces_team').on('workspaces').columns(['team_id', 'visibility']).execute();

  await db.schema
    .createTable('workspace_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_members_pk', ['workspace_id', 'principal_type', 'principal_id'])
    .execute();
  await db.schema.createIndex('workspace_members_principal').on('workspace_members').columns(['principal_type', 'principal_id']).execute();

  await db.schema
    .createTable('element_roles')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('element_type', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('element_roles_pk', ['workspace_id', 'element_type', 'element_id', 'principal_type', 'principal_id'])
    .execute();

  await db.schema
    .createTable('workspace_publish_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('from_visibility', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('workspace_publish_requests_team').on('workspace_publish_requests').columns(['team_id', 'status', 'requested_at']).execute();
  await db.schema.createIndex('workspace_publish_requests_workspace').on('workspace_publish_requests').columns(['workspace_id', 'status']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['workspace_publish_requests', 'element_roles', 'workspace_members', 'workspaces']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
