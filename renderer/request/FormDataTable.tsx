import type { FormDataField } from '../../src/model/index.js';

/** form-data fields: text values, or files given by path (sent from disk by the engine). */
export function FormDataTable({ rows, onChange }: { rows: readonly FormDataField[]; onChange: (rows: FormDataField[]) => void }) {
  const all: FormDataField[] = [...rows, { type: 'text', key: '', value: '', enabled: true }];
  const replace = (index: number, field: FormDataField): void => {
    const next = all.map((r, i) => (i === index ? field : r));
    onChange(next.filter((r, i) => i < next.length - 1 || r.key !== '' || (r.type === 'text' ? r.value !== '' : r.src.length > 0)));
  };
  return (
    <table className="kv-table" data-testid="formdata">
      <thead>
        <tr>
          <th className="check" aria-label="Enabled" />
          <th>Key</th>
          <th className="type-col">Type</th>
          <th>Value</th>
          <th className="actions" aria-label="Remove" />
        </tr>
      </thead>
      <tbody>
        {all.map((row, i) => {
          const isNew = i === all.length - 1;
          return (
            <tr key={i} className={row.enabled ? '' : 'disabled'}>
              <td className="check">{!isNew && <input type="checkbox" checked={row.enabled} aria-label="Enabled" onChange={(e) => replace(i, { ...row, enabled: e.target.checked })} />}</td>
              <td>
                <input className="cell" value={row.key} placeholder="Key" onChange={(e) => replace(i, { ...row, key: e.target.value })} />
              </td>
              <td className="type-col">
                <select
                  className="cell"
                  value={row.type}
                  onChange={(e) =>
                    replace(i, e.target.value === 'file' ? { type: 'file', key: row.key, src: [], enabled: row.enabled } : { type: 'text', key: row.key, value: '', enabled: row.enabled })
                  }
                >
                  <option value="text">Text</option>
                  <option value="file">File</option>
                </select>
              </td>
              <td>
                {row.type === 'text' ? (
                  <input className="cell" value={row.value} placeholder="Value" onChange={(e) => replace(i, { ...row, value: e.target.value })} />
                ) : (
                  <input
                    className="cell"
                    value={row.src.join(', ')}
                    placeholder="/path/to/file (several separated by commas)"
                    onChange={(e) => replace(i, { ...row, src: e.target.value.split(',').map((s) => s.trim()).filter((s) => s !== '') })}
                  />
                )}
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
