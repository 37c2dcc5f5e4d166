import { randomUUID } from 'node:crypto';
import { exportPostmanEnvironment } from '../formats/index.js';
import type { Environment, Globals, Variable } from '../model/index.js';
import type { EnvironmentView } from '../api/index.js';
import type { ServiceContext } from './context.js';
import type { GroupHandlers } from './handlers.js';
import { applyVariableEdits, variableViews } from './variable-views.js';

function environmentView(environment: Environment | Globals): EnvironmentView {
  return { id: environment.id, name: environment.name, values: variableViews(environment.values) };
}

function summary(ctx: ServiceContext, environmentId: string): { id: string; name: string; variableCount: number } {
  const environment = ctx.store.environments.get(environmentId);
  return { id: environment.id, name: environment.name, variableCount: environment.values.length };
}

/** What an export carries: initial values only, and a secret's not even that. */
function exportable(values: readonly Variable[]): Variable[] {
  return values.map(({ currentValue: _current, ...variable }) => (variable.type === 'secret' ? { ...variable, initialValue: '' } : variable));
}

/** `environments.*`: per-workspace environments; secrets go out as markers only. */
export const environmentHandlers: GroupHandlers<'environments'> = {
  'environments.list': async (ctx, input) => {
    ctx.store.workspaces.require(input.workspaceId);
    return { environments: ctx.store.environments.list(input.workspaceId).map((e) => summary(ctx, e.id)) };
  },
  'environments.get': async (ctx, input) => environmentView(ctx.store.environments.get(input.environmentId)),
  'environments.save': async (ctx, input) => {
    const { workspaceId, environment } = input;
    const id = environment.id ?? randomUUID();
    const stored = environment.id === undefined ? [] : storedValues(ctx, environment.id);
    ctx.store.environments.save(workspaceId, { id, name: environment.name, values: applyVariableEdits(stored, environment.values) });
    return environmentView(ctx.store.environments.get(id));
  },
  'environments.delete': async (ctx, input) => {
    ctx.store.environments.delete(input.environmentId);
    return { deleted: true };
  },
  'environments.import': async (ctx, input) => {
    const imported = ctx.store.environments.import(input.workspaceId, input.file.text, { file: input.file.fileName });
    return { environment: summary(ctx, imported.id), warnings: [] };
  },
  'environments.export': async (ctx, input) => {
    const environment = ctx.store.environments.get(input.environmentId);
    const document = exportPostmanEnvironment({ ...environment, values: exportable(environment.values) });
    const safeName = environment.name.replace(/[\\/:*?"<>|]+/g, '_');
    return { fileName: `${safeName}.postman_environment.json`, text: `${JSON.stringify(document, null, 2)}\n` };
  },
};

/** The stored values of an environment that may not exist yet (a save with a new id creates it). */
function storedValues(ctx: ServiceContext, environmentId: string): Variable[] {
  try {
    return ctx.store.environments.get(environmentId).values;
  } catch {
    return [];
  }
}

/** `globals.*`: one set per workspace. */
export const globalsHandlers: GroupHandlers<'globals'> = {
  'globals.get': async (ctx, input) => environmentView(ctx.store.environments.getGlobals(input.workspaceId)),
  'globals.save': async (ctx, input) => {
    const stored = ctx.store.environments.getGlobals(input.workspaceId);
    ctx.store.environments.saveGlobals(input.workspaceId, { ...stored, values: applyVariableEdits(stored.values, input.values) });
    return environmentView(ctx.store.environments.getGlobals(input.workspaceId));
  },
};
