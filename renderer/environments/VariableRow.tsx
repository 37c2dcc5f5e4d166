import { useState } from 'react';
import type { SecretMarker, VariableEdit, VariableView } from '../../src/api/index.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { useUi } from '../stores/ui-store.js';

interface Props {
  row: VariableEdit;
  isNew: boolean;
  scope: 'environment' | 'globals' | 'collection';
  ownerId: string;
  /** False where a stored secret cannot be revealed: it stays masked. */
  revealable?: boolean;
  /** Collection scope: the folder whose own variable this is. */
  folderId?: string | undefined;
  /** The row as last saved, to know whether a secret can be revealed. */
  stored: VariableView | undefined;
  onChange: (row: VariableEdit | null) => void;
}

const isMarker = (v: unknown): v is SecretMarker => typeof v === 'object' && v !== null && 'secret' in v;

/** One variable; a secret shows dots (or "not set") until revealed, which asks main for its text. */
export function VariableRow({ row, isNew, scope, ownerId, revealable = true, folderId, stored, onChange }: Props) {
  const [revealed, setRevealed] = useState<{ initial?: string; current?: string }>({});
  const secret = row.type === 'secret';

  const reveal = async (which: 'initial' | 'current'): Promise<void> => {
    try {
      const { value } = await api.secrets.reveal({ scope, ownerId, key: row.key, which, ...(folderId === undefined ? {} : { folderId }) });
      setRevealed((r) => ({ ...r, [which]: value }));
    } catch (e) {
      useUi.getState().toast(errorText(e), { tone: 'error' });
    }
  };

  const cell = (which: 'initial' | 'current') => {
    const field = which === 'initial' ? 'initialValue' : 'currentValue';
    const value = row[field];
    const canReveal = revealable && secret && stored?.type === 'secret' && isMarker(value) && value.set;
    const shown = isMarker(value) ? revealed[which] : value;
    const set = (text: string): void => onChange({ ...row, [field]: text });
    return (
      <div className="secret-cell">
        <input
          className="cell"
          type={secret && !(which in revealed) ? 'password' : 'text'}
          autoComplete="off"
          value={shown ?? (isMarker(value) ? (value.set ? '••••••••' : '') : '')}
          placeholder={isMarker(value) && !value.set ? 'not set' : which === 'current' ? (typeof row.initialValue === 'string' ? row.initialValue : '') : ''}
          onFocus={(e) => isMarker(value) && shown === undefined && value.set && e.currentTarget.select()}
          onChange={(e) => set(e.target.value)}
          data-testid={`env-${which}`}
        />
        {canReveal && !(which in revealed) && (
          <button type="button" className="btn ghost icon small" title="Reveal" aria-label={`Reveal ${which} value of ${row.key}`} onClick={() => void reveal(which)} data-testid="env-reveal">
            👁
          </button>
        )}
        {secret && which in revealed && (
          <button type="button" className="btn ghost icon small" title="Hide" aria-label="Hide" onClick={() => setRevealed((r) => { const next = { ...r }; delete next[which]; return next; })}>
            ◡
          </button>
        )}
      </div>
    );
  };

  return (
    <tr className={row.enabled === false ? 'disabled' : ''} data-testid={isNew ? 'env-row-new' : 'env-row'}>
      <td className="check">{!isNew && <input type="checkbox" checked={row.enabled !== false} aria-label="Enabled" onChange={(e) => onChange({ ...row, enabled: e.target.checked })} />}</td>
      <td>
        <input className="cell" value={row.key} placeholder="Add a variable" onChange={(e) => onChange({ ...row, key: e.target.value })} data-testid="env-key" />
      </td>
      <td className="type-col">
        <select
          className="cell"
          value={row.type ?? 'default'}
          onChange={(e) => onChange({ ...row, type: e.target.value === 'secret' ? 'secret' : 'default' })}
          disabled={stored?.type === 'secret' && isMarker(row.initialValue)}
          title={stored?.type === 'secret' && isMarker(row.initialValue) ? 'Type a new value to change a stored secret back to default' : undefined}
          data-testid="env-type"
        >
          <option value="default">default</option>
          <option value="secret">secret</option>
        </select>
      </td>
      <td>{cell('initial')}</td>
      <td>{cell('current')}</td>
      <td className="actions">
        {!isNew && (
          <button type="button" className="btn ghost icon small" aria-label="Remove variable" onClick={() => onChange(null)}>
            ✕
          </button>
        )}
      </td>
    </tr>
  );
}
