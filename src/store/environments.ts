import { randomUUID } from 'node:crypto';
import { exportPostmanEnvironment, exportPostmanGlobals, importPostmanEnvironment, importPostmanGlobals } from '../formats/index.js';
import type { PostmanEnvironmentExport, PostmanEnvironmentExportOptions, PostmanImportOptions } from '../formats/index.js';
import type { Environment, Globals } from '../model/index.js';
import type { StoreContext } from './context.js';
import { notFound, readAll, writeAll } from './context.js';
import { deleteVariables, readVariables, writeVariables } from './variable-rows.js';
import type { WorkspaceTable } from './workspaces.js';

export interface EnvironmentSummary {
  readonly id: string;
  readonly name: string;
}

interface EnvironmentRow {
  id: string;
  workspace_id: string;
  name: string;
}

/** Environments and each workspace's globals: initial and current values kept apart, secrets sealed. */
export class EnvironmentTable {
  constructor(
    private readonly ctx: StoreContext,
    private readonly workspaces: WorkspaceTable,
  ) {}

  list(workspaceId: string): EnvironmentSummary[] {
    return readAll(this.ctx, 'listing environments', () =>
      this.ctx.db
        .prepare<[string], EnvironmentSummary>('SELECT id, name FROM environments WHERE workspace_id = ? ORDER BY position, rowid')
        .all(workspaceId),
    );
  }

  get(id: string): Environment {
    return readAll(this.ctx, `reading environment ${id}`, () => {
      const row = this.ctx.db.prepare<[string], EnvironmentRow>('SELECT id, workspace_id, name FROM environments WHERE id = ?').get(id);
      if (!row) throw notFound('environment', id, this.ctx.file);
      return { id: row.id, name: row.name, values: readVariables(this.ctx, 'environment', id) };
    });
  }

  /** Insert or replace the whole environment (name and every variable) in one transaction. */
  save(workspaceId: string, environment: Environment): void {
    writeAll(this.ctx, `saving environment "${environment.name}"`, () => {
      this.workspaces.require(workspaceId);
      const existing = this.ctx.db.prepare<[string], EnvironmentRow>('SELECT id, workspace_id, name FROM environments WHERE id = ?').get(environment.id);
      if (existing && existing.workspace_id !== workspaceId) throw notFound('environment in this workspace', environment.id, this.ctx.file);
      if (existing) {
        this.ctx.db.prepare('UPDATE environments SET name = ? WHERE id = ?').run(environment.name, environment.id);
      } else {
        this.ctx.db
          .prepare(
            `INSERT INTO environments (id, workspace_id, name, position)
             VALUES (@id, @workspaceId, @name, (SELECT COALESCE(MAX(position), 0) + 1 FROM environments WHERE workspace_id = @workspaceId))`,
          )
          .run({ id: environment.id, workspaceId, name: environment.name });
      }
      writeVariables(this.ctx, 'environment', environment.id, environment.values);
    });
  }

  delete(id: string): void {
    writeAll(this.ctx, `deleting environment ${id}`, () => {
      const changes = this.ctx.db.prepare('DELETE FROM environments WHERE id = ?').run(id).changes;
      if (changes === 0) throw notFound('environment', id, this.ctx.file);
      deleteVariables(this.ctx, 'environment', id);
    });
  }

  /** Import a Postman environment export (text or parsed JSON). An id already used elsewhere gets a fresh one. */
  import(workspaceId: string, json: unknown, opts: PostmanImportOptions = {}): Environment {
    const imported = importPostmanEnvironment(json, opts);
    const owner = this.ctx.db.prepare<[string], { workspace_id: string }>('SELECT workspace_id FROM environments WHERE id = ?').get(imported.id);
    const environment = owner && owner.workspace_id !== workspaceId ? { ...imported, id: randomUUID() } : imported;
    this.save(workspaceId, environment);
    return environment;
  }

  /** Postman's export; secret current values stay out unless `includeSecretCurrentValues` is set. */
  export(id: string, opts: PostmanEnvironmentExportOptions = {}): PostmanEnvironmentExport {
    return exportPostmanEnvironment(this.get(id), opts);
  }

  getGlobals(workspaceId: string): Globals {
    return readAll(this.ctx, 'reading globals', () => {
      this.workspaces.require(workspaceId);
      return { id: 'globals', name: 'Globals', values: readVariables(this.ctx, 'globals', workspaceId) };
    });
  }

  saveGlobals(workspaceId: string, globals: Globals): void {
    writeAll(this.ctx, 'saving globals', () => {
      this.workspaces.require(workspaceId);
      writeVariables(this.ctx, 'globals', workspaceId, globals.values);
    });
  }

  importGlobals(workspaceId: string, json: unknown, opts: PostmanImportOptions = {}): Globals {
    const globals = importPostmanGlobals(json, opts);
    this.saveGlobals(workspaceId, globals);
    return globals;
  }

  exportGlobals(workspaceId: string, opts: PostmanEnvironmentExportOptions = {}): PostmanEnvironmentExport {
    return exportPostmanGlobals(this.getGlobals(workspaceId), opts);
  }
}
