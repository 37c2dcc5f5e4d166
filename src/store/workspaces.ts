import { randomUUID } from 'node:crypto';
import type { StoreContext } from './context.js';
import { notFound, readAll, writeAll } from './context.js';

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

interface WorkspaceRow {
  id: string;
  name: string;
  created_at: number;
}

function toWorkspace(row: WorkspaceRow): Workspace {
  return { id: row.id, name: row.name, createdAt: new Date(row.created_at) };
}

/** Workspaces: the top of everything else; deleting one deletes what it holds. */
export class WorkspaceTable {
  constructor(private readonly ctx: StoreContext) {}

  create(name: string, id: string = randomUUID()): Workspace {
    const createdAt = Date.now();
    writeAll(this.ctx, `creating workspace "${name}"`, () => {
      this.ctx.db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run(id, name, createdAt);
    });
    return { id, name, createdAt: new Date(createdAt) };
  }

  list(): Workspace[] {
    return readAll(this.ctx, 'listing workspaces', () =>
      this.ctx.db.prepare<[], WorkspaceRow>('SELECT id, name, created_at FROM workspaces ORDER BY created_at, rowid').all().map(toWorkspace),
    );
  }

  get(id: string): Workspace {
    const row = readAll(this.ctx, 'reading a workspace', () =>
      this.ctx.db.prepare<[string], WorkspaceRow>('SELECT id, name, created_at FROM workspaces WHERE id = ?').get(id),
    );
    if (!row) throw notFound('workspace', id, this.ctx.file);
    return toWorkspace(row);
  }

  /** Throws STORE_NOT_FOUND unless the workspace exists. */
  require(id: string): void {
    this.get(id);
  }

  rename(id: string, name: string): void {
    const changes = writeAll(this.ctx, `renaming workspace ${id}`, () =>
      this.ctx.db.prepare('UPDATE workspaces SET name = ? WHERE id = ?').run(name, id).changes,
    );
    if (changes === 0) throw notFound('workspace', id, this.ctx.file);
  }

  delete(id: string): void {
    const changes = writeAll(this.ctx, `deleting workspace ${id}`, () => {
      // Variables point at their owner by id without a foreign key (one table serves three owners).
      this.ctx.db
        .prepare(
          `DELETE FROM variables WHERE (owner_kind = 'globals' AND owner_id = @id)
             OR (owner_kind = 'environment' AND owner_id IN (SELECT id FROM environments WHERE workspace_id = @id))
             OR (owner_kind = 'collection' AND owner_id IN (SELECT id FROM collections WHERE workspace_id = @id))`,
        )
        .run({ id });
      return this.ctx.db.prepare('DELETE FROM workspaces WHERE id = ?').run(id).changes;
    });
    if (changes === 0) throw notFound('workspace', id, this.ctx.file);
  }
}
