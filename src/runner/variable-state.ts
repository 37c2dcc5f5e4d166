import { effectiveValue, type JsonValue, type Variable } from '../model/index.js';
import type { ScriptVariables } from '../scripts/types.js';
import { createResolver, type VariableResolver } from '../variables/index.js';
import type { DataRow } from './types.js';

/**
 * One stored scope (environment, globals or collection variables) as a run changes it. Scripts' writes
 * become current values; initial values are never touched. Values a script set keep their JSON type for
 * later scripts (`pm.environment.get('n')` gives back the number 5), and are text for `{{n}}`.
 */
export class StoredScope {
  private readonly variables: Variable[];
  private readonly typed = new Map<string, JsonValue>();

  constructor(variables: readonly Variable[]) {
    this.variables = variables.map((variable) => ({ ...variable }));
  }

  /** Enabled variables by key, as scripts see them; a later variable with the same key wins. */
  toScript(): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const variable of this.variables) {
      if (!variable.enabled) continue;
      out[variable.key] = this.typed.get(variable.key) ?? effectiveValue(variable);
    }
    return out;
  }

  /** Applies what a script changed: keys whose value differs from what it was given, and keys it removed. */
  apply(before: Readonly<Record<string, JsonValue>>, after: Readonly<Record<string, JsonValue>>): void {
    for (const [key, value] of Object.entries(after)) {
      if (!Object.hasOwn(before, key) || !sameJson(before[key], value)) this.set(key, value);
    }
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) this.unset(key);
    }
  }

  set(key: string, value: JsonValue): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    this.typed.set(key, value);
    const existing = this.lastEnabled(key);
    if (existing) existing.currentValue = text;
    else this.variables.push({ key, initialValue: '', currentValue: text, type: 'default', enabled: true });
  }

  unset(key: string): void {
    this.typed.delete(key);
    for (let i = this.variables.length - 1; i >= 0; i--) {
      const variable = this.variables[i];
      if (variable && variable.enabled && variable.key === key) this.variables.splice(i, 1);
    }
  }

  /** The variables as they stand, for resolution and for the run's result. */
  list(): readonly Variable[] {
    return this.variables;
  }

  /** Copies for the run's result, so later changes do not show through. */
  snapshot(): Variable[] {
    return this.variables.map((variable) => ({ ...variable }));
  }

  private lastEnabled(key: string): Variable | undefined {
    for (let i = this.variables.length - 1; i >= 0; i--) {
      const variable = this.variables[i];
      if (variable && variable.enabled && variable.key === key) return variable;
    }
    return undefined;
  }
}

function sameJson(a: JsonValue | undefined, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Every scope of a run: environment, globals and collection variables (stored), local variables set by
 * `pm.variables.set` (they last for the run, never stored), and the current iteration's data row.
 */
export class RunVariables {
  readonly environment: StoredScope;
  readonly globals: StoredScope;
  readonly collection: StoredScope;
  local: Record<string, JsonValue> = {};
  data: DataRow = {};

  constructor(scopes: { environment: readonly Variable[]; globals: readonly Variable[]; collection: readonly Variable[] }) {
    this.environment = new StoredScope(scopes.environment);
    this.globals = new StoredScope(scopes.globals);
    this.collection = new StoredScope(scopes.collection);
  }

  /** What a script is given: copies, so the script's output can be compared with them. */
  toScript(): ScriptVariables {
    return {
      environment: this.environment.toScript(),
      globals: this.globals.toScript(),
      collectionVariables: this.collection.toScript(),
      iterationData: { ...this.data },
      local: { ...this.local },
    };
  }

  /** Writes back what a script changed; iteration data is read-only, as in Postman. */
  apply(before: ScriptVariables, after: ScriptVariables): void {
    this.environment.apply(before.environment, after.environment);
    this.globals.apply(before.globals, after.globals);
    this.collection.apply(before.collectionVariables, after.collectionVariables);
    this.local = { ...after.local };
  }

  /** A resolver for one request; folder variables sit between the collection's and the request. */
  resolver(folderVariables: readonly Variable[]): VariableResolver {
    const collection = folderVariables.length === 0 ? this.collection.list() : [...this.collection.list(), ...folderVariables];
    return createResolver({
      local: this.local,
      data: this.data,
      environment: this.environment.list(),
      collection,
      globals: this.globals.list(),
    });
  }
}
