/**
 * Team invites: email invites (one person, one or more roles, single use; a Developer's invite that needs
 * an Admin's approval waits here without a token until approved) and multi-use invite links (one role,
 * an expiry and a maximum number of uses). Tokens are stored only as SHA-256 hashes.
 */
import type { Kysely } from 'kysely';

// Migrations must not depend on the current schema type: they describe history.
type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('team_invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'bigint')
    .addColumn('accepted_by', 'text')
    .addColumn('accepted_at', 'bigint')
    .execute();
  await db.schema.createIndex('team_invites_team').on('team_invites').columns(['team_id', 'status', 'email']).execute();

  await db.schema
    .createTable('invite_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('max_uses', 'integer', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('invite_links_team').on('invite_links').columns(['team_id', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('invite_links').ifExists().execute();
  await db.schema.dropTable('team_invites').ifExists().execute();
}
