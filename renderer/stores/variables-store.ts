import { create } from 'zustand';
import type { EnvironmentView, VariableView } from '../../src/api/index.js';
import { api } from '../api.js';

/** A variable's value as the URL bar's hover shows it; secrets only as "set" or not. */
export interface KnownVariable {
  name: string;
  /** Null for a secret (its text stays in main unless revealed). */
  value: string | null;
  scope: string;
}

interface VariablesState {
  environment: EnvironmentView | null;
  globals: EnvironmentView | null;
  /** Load the globals and active environment views (after a switch or a save). */
  refresh(workspaceId: string | null, environmentId: string | null): Promise<void>;
}

export const useVariables = create<VariablesState>((set) => ({
  environment: null,
  globals: null,
  async refresh(workspaceId, environmentId) {
    const [globals, environment] = await Promise.all([
      workspaceId ? api.globals.get({ workspaceId }).catch(() => null) : null,
      environmentId ? api.environments.get({ environmentId }).catch(() => null) : null,
    ]);
    set({ globals, environment });
  },
}));

function add(into: Map<string, KnownVariable>, values: readonly VariableView[] | undefined, scope: string): void {
  for (const v of values ?? []) {
    if (!v.enabled || v.key === '') continue;
    into.set(v.key, { name: v.key, scope, value: v.type === 'secret' ? null : (v.currentValue ?? v.initialValue) });
  }
}

/**
 * Every variable in reach, narrowest scope winning as the resolver does: globals < collection <
 * folders (outermost first) < environment. Dynamic `{{$guid}}`-style names are always known.
 */
export function knownVariables(scopes: { globals: EnvironmentView | null; collection?: readonly VariableView[] | undefined; environment: EnvironmentView | null; folders?: readonly (readonly VariableView[])[] }): Map<string, KnownVariable> {
  const known = new Map<string, KnownVariable>();
  add(known, scopes.globals?.values, 'Globals');
  add(known, scopes.collection, 'Collection');
  for (const folder of scopes.folders ?? []) add(known, folder, 'Folder');
  add(known, scopes.environment?.values, scopes.environment ? `Environment “${scopes.environment.name}”` : 'Environment');
  return known;
}
