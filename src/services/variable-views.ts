import type { SecretMarker, VariableEdit, VariableView } from '../api/index.js';
import type { Variable } from '../model/index.js';

function marker(set: boolean): SecretMarker {
  return { secret: true, set };
}

/** A variable as outputs show it: a secret's values become markers saying only whether they are set. */
export function variableView(variable: Variable): VariableView {
  const base = {
    key: variable.key,
    enabled: variable.enabled,
    ...(variable.description === undefined ? {} : { description: variable.description }),
  };
  if (variable.type === 'secret') {
    return { ...base, type: 'secret', initialValue: marker(variable.initialValue !== ''), currentValue: marker(variable.currentValue !== undefined) };
  }
  return { ...base, type: 'default', initialValue: variable.initialValue, ...(variable.currentValue === undefined ? {} : { currentValue: variable.currentValue }) };
}

export function variableViews(variables: readonly Variable[]): VariableView[] {
  return variables.map(variableView);
}

/**
 * Apply what the renderer saved to what is stored. A value given as a marker means "keep the stored
 * one": the variable with the same key (the n-th edit of a key matches the n-th stored variable of it).
 */
export function applyVariableEdits(stored: readonly Variable[], edits: readonly VariableEdit[]): Variable[] {
  const seen = new Map<string, number>();
  return edits.map((edit) => {
    const nth = seen.get(edit.key) ?? 0;
    seen.set(edit.key, nth + 1);
    const before = stored.filter((variable) => variable.key === edit.key)[nth];
    const initialValue = typeof edit.initialValue === 'string' ? edit.initialValue : (before?.initialValue ?? '');
    const currentValue = edit.currentValue === undefined ? undefined : typeof edit.currentValue === 'string' ? edit.currentValue : before?.currentValue;
    return {
      key: edit.key,
      type: edit.type,
      initialValue,
      ...(currentValue === undefined ? {} : { currentValue }),
      enabled: edit.enabled,
      ...(edit.description === undefined ? {} : { description: edit.description }),
    };
  });
}

/** Values of every enabled secret variable, for masking what leaves main. */
export function secretValuesOf(...lists: ReadonlyArray<readonly Variable[] | undefined>): string[] {
  const values = new Set<string>();
  for (const list of lists) {
    for (const variable of list ?? []) {
      if (variable.type !== 'secret') continue;
      if (variable.initialValue !== '') values.add(variable.initialValue);
      if (variable.currentValue !== undefined && variable.currentValue !== '') values.add(variable.currentValue);
    }
  }
  return [...values];
}
