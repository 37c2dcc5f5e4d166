/**
 * Where wrapped data keys live. The lead implements this over the database; `memoryDataKeyStore` serves
 * unit tests. A data key's bytes never change; only the master key wrapping them does (`rewrap`).
 */

export interface DataKeyRecord {
  readonly id: string;
  /** Id of the master key that `wrapped` is sealed under. */
  readonly masterKeyId: string;
  /** `w1.<iv>.<ciphertext+tag>`: the data key under AES-256-GCM with the master key, aad `data-key:<id>`. */
  readonly wrapped: string;
  readonly createdAt: number;
  /** Set when a newer key took over new writes; a retired key still opens old values. */
  readonly retiredAt: number | null;
}

export interface DataKeyStore {
  list(): Promise<DataKeyRecord[]>;
  insert(record: DataKeyRecord): Promise<void>;
  /** Compare-and-set: replaces `wrapped` only while the row is still under `fromMasterKeyId`; true if it did. */
  rewrap(id: string, fromMasterKeyId: string, masterKeyId: string, wrapped: string): Promise<boolean>;
  /** Marks the key retired at `at` unless it already is. */
  retire(id: string, at: number): Promise<void>;
}

export function memoryDataKeyStore(initial: readonly DataKeyRecord[] = []): DataKeyStore & { readonly records: DataKeyRecord[] } {
  const records: DataKeyRecord[] = initial.map((r) => ({ ...r }));
  const indexOf = (id: string): number => records.findIndex((r) => r.id === id);
  return {
    records,
    async list() {
      return records.map((r) => ({ ...r }));
    },
    async insert(record) {
      if (indexOf(record.id) !== -1) throw new Error(`data key ${record.id} already exists`);
      records.push({ ...record });
    },
    async rewrap(id, fromMasterKeyId, masterKeyId, wrapped) {
      const i = indexOf(id);
      const current = records[i];
      if (current === undefined || current.masterKeyId !== fromMasterKeyId) return false;
      records[i] = { ...current, masterKeyId, wrapped };
      return true;
    },
    async retire(id, at) {
      const i = indexOf(id);
      const current = records[i];
      if (current !== undefined && current.retiredAt === null) records[i] = { ...current, retiredAt: at };
    },
  };
}
