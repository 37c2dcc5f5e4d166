import type { Variable } from '../model/index.js';
import type { StoreContext } from './context.js';
import { openSealed, requireSealer, sealAad } from './sealer.js';

export type VariableOwner = 'environment' | 'globals' | 'collection';

interface VariableRow {
  rowid: number;
  key: string;
  type: string;
  enabled: number;
  description: string | null;
  initial_value: string;
  current_value: string | null;
  current_sealed: Buffer | null;
}

const CURRENT_FIELD = 'current_value';

/**
 * The variables of one owner (an environment, a workspace's globals, a collection), in order. Secret
 * current values are sealed with the row's rowid in the aad, so each is written after its row exists.
 */
export function writeVariables(ctx: StoreContext, owner: VariableOwner, ownerId: string, variables: readonly Variable[]): void {
  const { db } = ctx;
  db.prepare('DELETE FROM variables WHERE owner_kind = ? AND owner_id = ?').run(owner, ownerId);
  const insert = db.prepare(
    `INSERT INTO variables (owner_kind, owner_id, position, key, type, enabled, description, initial_value, current_value)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const sealCurrent = db.prepare('UPDATE variables SET current_sealed = ? WHERE rowid = ?');
  variables.forEach((variable, position) => {
    const secretCurrent = variable.type === 'secret' && variable.currentValue !== undefined;
    const plainCurrent = secretCurrent ? null : (variable.currentValue ?? null);
    const { lastInsertRowid } = insert.run(
      owner,
      ownerId,
      position,
      variable.key,
      variable.type,
      variable.enabled ? 1 : 0,
      variable.description ?? null,
      variable.initialValue,
      plainCurrent,
    );
    if (secretCurrent && variable.currentValue !== undefined) {
      const sealer = requireSealer(ctx.sealer, `${owner} ${ownerId}`);
      sealCurrent.run(sealer.seal(variable.currentValue, sealAad('variables', lastInsertRowid, CURRENT_FIELD)), lastInsertRowid);
    }
  });
}

export function readVariables(ctx: StoreContext, owner: VariableOwner, ownerId: string): Variable[] {
  const rows = ctx.db
    .prepare<[string, string], VariableRow>(
      `SELECT rowid, key, type, enabled, description, initial_value, current_value, current_sealed
       FROM variables WHERE owner_kind = ? AND owner_id = ? ORDER BY position`,
    )
    .all(owner, ownerId);
  return rows.map((row) => {
    let currentValue = row.current_value ?? undefined;
    if (row.current_sealed !== null) {
      const sealer = requireSealer(ctx.sealer, `${owner} ${ownerId}`);
      currentValue = openSealed(sealer, row.current_sealed, sealAad('variables', row.rowid, CURRENT_FIELD), ctx.file);
    }
    return {
      key: row.key,
      initialValue: row.initial_value,
      ...(currentValue === undefined ? {} : { currentValue }),
      type: row.type === 'secret' ? 'secret' : 'default',
      enabled: row.enabled === 1,
      ...(row.description === null ? {} : { description: row.description }),
    };
  });
}

export function deleteVariables(ctx: StoreContext, owner: VariableOwner, ownerId: string): void {
  ctx.db.prepare('DELETE FROM variables WHERE owner_kind = ? AND owner_id = ?').run(owner, ownerId);
}
