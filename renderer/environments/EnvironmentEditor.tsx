import { useEffect, useState } from 'react';
import type { EnvironmentView, VariableEdit } from '../../src/api/index.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { useUi } from '../stores/ui-store.js';
import { useVariables } from '../stores/variables-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { VariableRow } from './VariableRow.js';

/** Rows as edited: a secret's value stays its marker until the user types a new one. */
function toEdits(view: EnvironmentView): VariableEdit[] {
  return view.values.map((v) => ({ ...v }) as VariableEdit);
}

/** An environment (or the globals): key, type, initial and current values; secrets masked with a reveal. */
export function EnvironmentEditor() {
  const editing = useUi((s) => s.editingEnvironment);
  const workspaceId = useWorkspace((s) => s.workspaceId);
  const isGlobals = editing === 'globals';
  const [view, setView] = useState<EnvironmentView | null>(null);
  const [name, setName] = useState('');
  const [rows, setRows] = useState<VariableEdit[]>([]);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!editing || !workspaceId) return;
    let current = true;
    setError(null);
    (isGlobals ? api.globals.get({ workspaceId }) : api.environments.get({ environmentId: editing }))
      .then((loaded) => {
        if (!current) return;
        setView(loaded);
        setName(loaded.name);
        setRows(toEdits(loaded));
        setDirty(false);
      })
      .catch((e: unknown) => current && setError(errorText(e)));
    return () => {
      current = false;
    };
  }, [editing, workspaceId, isGlobals]);

  if (!editing || !workspaceId) return null;

  const save = async (): Promise<void> => {
    try {
      const values = rows.filter((r) => r.key.trim() !== '');
      const saved = isGlobals
        ? await api.globals.save({ workspaceId, values })
        : await api.environments.save({ workspaceId, environment: { id: editing, name: name.trim() || 'Environment', values } });
      setView(saved);
      setRows(toEdits(saved));
      setDirty(false);
      setError(null);
      await useWorkspace.getState().refreshEnvironments();
      await useVariables.getState().refresh(workspaceId, useWorkspace.getState().environmentId);
      useUi.getState().toast('Saved');
    } catch (e) {
      setError(errorText(e));
    }
  };

  const change = (index: number, row: VariableEdit | null): void => {
    const all = [...rows, { key: '', type: 'default', initialValue: '', enabled: true } as VariableEdit];
    const next = row === null ? all.filter((_, i) => i !== index) : all.map((r, i) => (i === index ? row : r));
    setRows(next.filter((r, i) => i < next.length - 1 || r.key !== '' || (typeof r.initialValue === 'string' && r.initialValue !== '')));
    setDirty(true);
  };

  const ownerId = isGlobals ? workspaceId : editing;
  return (
    <section className="env-editor" data-testid="env-editor">
      <div className="env-head">
        {isGlobals ? (
          <h2>Globals</h2>
        ) : (
          <input
            className="input title-input"
            value={name}
            aria-label="Environment name"
            onChange={(e) => {
              setName(e.target.value);
              setDirty(true);
            }}
            data-testid="env-name"
          />
        )}
        <div className="env-actions">
          {!isGlobals && (
            <button type="button" className="btn" onClick={() => useWorkspace.getState().selectEnvironment(editing)}>
              {useWorkspace.getState().environmentId === editing ? 'Active ✓' : 'Use this environment'}
            </button>
          )}
          <button type="button" className="btn primary" disabled={!dirty} onClick={() => void save()} data-testid="env-save">
            Save
          </button>
        </div>
      </div>
      <p className="muted small">
        The initial value is shared when you export or sync; the current value stays on this device and is what requests use. Secret values are stored sealed and shown masked until you reveal them.
      </p>
      {error && <p className="error-text" role="alert">{error}</p>}
      {view && (
        <table className="kv-table env-table">
          <thead>
            <tr>
              <th className="check" aria-label="Enabled" />
              <th>Variable</th>
              <th className="type-col">Type</th>
              <th>Initial value</th>
              <th>Current value</th>
              <th className="actions" aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {[...rows, { key: '', type: 'default', initialValue: '', enabled: true } as VariableEdit].map((row, i) => (
              <VariableRow
                key={i}
                row={row}
                isNew={i === rows.length}
                scope={isGlobals ? 'globals' : 'environment'}
                ownerId={ownerId}
                stored={view.values.find((v) => v.key === row.key)}
                onChange={(next) => change(i, next)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
