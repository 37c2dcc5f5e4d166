import { usePendingDelete } from '../stores/pending-delete.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { EmptyState } from '../ui/EmptyState.js';
import { CollectionNode } from './CollectionNode.js';

/** Every collection of the workspace, each a tree of folders and requests. */
export function CollectionsPanel() {
  const collections = useWorkspace((s) => s.collections);
  const hidden = usePendingDelete((s) => s.hidden);
  const open = useUi((s) => s.open);
  const shown = collections.filter((c) => !hidden[c.id]);
  return (
    <div className="panel">
      <div className="panel-head">
        <span className="panel-title">Collections</span>
        <button type="button" className="btn ghost small" onClick={() => open('new-collection')} data-testid="collection-new">
          + New
        </button>
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No collections yet" testId="collections-empty">
          <p>Group your requests into collections to save, share and run them.</p>
          <div className="empty-actions">
            <button type="button" className="btn primary small" onClick={() => open('new-collection')}>
              Create a collection
            </button>
            <button type="button" className="btn small" onClick={() => open('import')}>
              Import
            </button>
          </div>
        </EmptyState>
      ) : (
        <ul className="tree" role="tree">
          {shown.map((c) => (
            <CollectionNode key={c.id} collection={c} />
          ))}
        </ul>
      )}
    </div>
  );
}
