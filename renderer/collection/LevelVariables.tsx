import type { VariableEdit, VariableView } from '../../src/api/index.js';
import { VariableRow } from '../environments/VariableRow.js';

interface Props {
  rows: readonly VariableEdit[];
  stored: readonly VariableView[];
  /** The collection's id, and the folder's when these are a folder's variables (for revealing secrets). */
  collectionId: string;
  folderId: string | null;
  onChange: (rows: VariableEdit[]) => void;
}

const blank = (): VariableEdit => ({ key: '', type: 'default', initialValue: '', enabled: true });

/** Collection (or folder) variables: key, type, initial and current value; secrets masked, as in an environment. */
export function LevelVariables({ rows, stored, collectionId, folderId, onChange }: Props) {
  const isFolder = folderId !== null;
  const change = (index: number, row: VariableEdit | null): void => {
    const all = [...rows, blank()];
    const next = row === null ? all.filter((_, i) => i !== index) : all.map((r, i) => (i === index ? row : r));
    // The last row is the blank "add" row: keep it out of the draft until something is typed in it.
    onChange(next.filter((r, i) => i < next.length - 1 || r.key !== '' || (typeof r.initialValue === 'string' && r.initialValue !== '')));
  };
  return (
    <div data-testid="level-variables">
      <p className="muted small">
        {isFolder ? 'Folder variables apply to the requests in this folder, over collection variables.' : 'Collection variables apply to every request in the collection; an environment’s variables win over them.'} The initial value is
        shared when you export or sync; the current value stays on this device and is what requests use.
      </p>
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
          {[...rows, blank()].map((row, i) => (
            <VariableRow
              key={i}
              row={row}
              isNew={i === rows.length}
              scope="collection"
              ownerId={collectionId}
              folderId={folderId ?? undefined}
              stored={stored.find((v) => v.key === row.key)}
              onChange={(next) => change(i, next)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
