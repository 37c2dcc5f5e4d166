/** The key ring's wrapped data keys, kept in the `data_keys` table (shared by every server process). */
import type { Kysely } from 'kysely';
import type { DataKeyRecord, DataKeyStore } from '../crypto/index.js';
import type { Database } from './schema.js';

export function databaseDataKeyStore(db: Kysely<Database>): DataKeyStore {
  return {
    async list() {
      const rows = await db.selectFrom('data_keys').selectAll().orderBy('created_at').execute();
      return rows.map((r): DataKeyRecord => ({ id: r.id, masterKeyId: r.master_key_id, wrapped: r.wrapped, createdAt: r.created_at, retiredAt: r.retired_at }));
    },
    async insert(record) {
      await db
        .insertInto('data_keys')
        .values({ id: record.id, master_key_id: record.masterKeyId, wrapped: record.wrapped, created_at: record.createdAt, retired_at: record.retiredAt })
        .execute();
    },
    async rewrap(id, fromMasterKeyId, masterKeyId, wrapped) {
      const result = await db
        .updateTable('data_keys')
        .set({ master_key_id: masterKeyId, wrapped })
        .where('id', '=', id)
        .where('master_key_id', '=', fromMasterKeyId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async retire(id, at) {
      await db.updateTable('data_keys').set({ retired_at: at }).where('id', '=', id).where('retired_at', 'is', null).execute();
    },
  };
}
