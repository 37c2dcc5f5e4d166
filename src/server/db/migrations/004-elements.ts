/**
 * Elements and sync (issue 7 §2): the workspace's change sequence, and the collections, environments and
 * globals of each workspace. An element keeps its latest state only (a deletion leaves a tombstone), with
 * the sequence number of its last change, so a pull is one range scan over (workspace_id, seq).
 * Content is the canonical Postman JSON sealed as a whole by the key ring: nothing of it is plaintext.
 */
import type { Kysely } from 'kysely';

// Migrations must not depend on the current schema type: they describe history.
type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('workspaces')
    .addColumn('change_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('elements')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('elements_pk', ['workspace_id', 'id'])
    .execute();
  // Pull: `where workspace_id = ? and seq > ? order by seq`; unique also catches a sequence handed out twice.
  await db.schema.createIndex('elements_workspace_seq').on('elements').columns(['workspace_id', 'seq']).unique().execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('elements').ifExists().execute();
  await db.schema.alterTable('workspaces').dropColumn('change_seq').execute();
}
