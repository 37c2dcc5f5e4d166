import type { KeyValue } from '../../src/model/index.js';
import type { KnownVariable } from '../stores/variables-store.js';
import { VarInput } from './VarInput.js';

interface Props {
  rows: readonly KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  known: Map<string, KnownVariable>;
  testId: string;
  keyPlaceholder?: string;
}

/** Params, headers or urlencoded fields: a row per pair, a blank last row to add one. */
export function KeyValueTable({ rows, onChange, known, testId, keyPlaceholder = 'Key' }: Props) {
  const all = [...rows, { key: '', value: '', enabled: true }];
  const set = (index: number, change: Partial<KeyValue>): void => {
    const next = all.map((r, i) => (i === index ? { ...r, ...change } : r));
    onChange(next.filter((r, i) => i < next.length - 1 || r.key !== '' || r.value !== ''));
  };
  return (
    <table className="kv-table" data-testid={testId}>
      <thead>
        <tr>
          <th className="check" aria-label="Enabled" />
          <th>Key</th>
          <th>Value</th>
          <th>Description</th>
          <th className="actions" aria-label="Remove" />
        </tr>
      </thead>
      <tbody>
        {all.map((row, i) => {
          const isNew = i === all.length - 1;
          return (
            <tr key={i} className={row.enabled ? '' : 'disabled'} data-testid={`${testId}-row`}>
              <td className="check">{!isNew && <input type="checkbox" checked={row.enabled} onChange={(e) => set(i, { enabled: e.target.checked })} aria-label="Enabled" />}</td>
              <td>
                <input className="cell" value={row.key} placeholder={keyPlaceholder} onChange={(e) => set(i, { key: e.target.value })} data-testid={`${testId}-key`} />
              </td>
              <td>
                <VarInput className="cell" value={row.value} known={known} placeholder="Value" onChange={(value) => set(i, { value })} testId={`${testId}-value`} />
              </td>
              <td>
                <input className="cell" value={row.description ?? ''} placeholder="Description" onChange={(e) => set(i, { description: e.target.value })} />
              </td>
              <td className="actions">
                {!isNew && (
                  <button type="button" className="btn ghost icon small" aria-label="Remove row" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
