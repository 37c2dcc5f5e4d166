import { useState } from 'react';
import { useSettingsTabs } from '../collection/settings-tabs-store.js';
import { usePendingDelete } from '../stores/pending-delete.js';
import type { CollectionSummary } from '../stores/types.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { InlineRename } from './InlineRename.js';
import { RowMenu } from './RowMenu.js';
import { addFolder, addRequest, deleteCollection, exportCollection, moveItem, renameCollection } from './tree-actions.js';
import { TreeRow } from './TreeRow.js';
import { DRAG_TYPE, readDrag } from './drag.js';

/** One collection: its header row and, when open, its folders and requests. */
export function CollectionNode({ collection }: { collection: CollectionSummary }) {
  const [open, setOpen] = useState(true);
  const [renaming, setRenaming] = useState(false);
  const tree = useWorkspace((s) => s.trees[collection.id]);
  const hidden = usePendingDelete((s) => s.hidden);
  const children = (tree?.children ?? []).filter((n) => !hidden[n.id]);
  return (
    <li className="tree-collection" role="treeitem" aria-expanded={open} data-testid="sidebar-collection">
      <div
        className="tree-row collection-row"
        onClick={() => setOpen(!open)}
        onDragOver={(e) => e.dataTransfer.types.includes(DRAG_TYPE) && e.preventDefault()}
        onDrop={(e) => {
          const drag = readDrag(e);
          if (drag && drag.collectionId === collection.id) void moveItem(collection.id, drag.itemId, null, children.length);
        }}
      >
        <span className="chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {renaming ? (
          <InlineRename
            value={collection.name}
            onDone={(name) => {
              setRenaming(false);
              if (name) void renameCollection(collection.id, name);
            }}
          />
        ) : (
          <span className="row-name">{collection.name}</span>
        )}
        <RowMenu
          testId="collection-menu"
          actions={[
            { label: 'Edit', run: () => void useSettingsTabs.getState().open(collection.id, null) },
            { label: 'Add request', run: () => void addRequest(collection.id, null) },
            { label: 'Add folder', run: () => void addFolder(collection.id, null) },
            { label: 'Run collection', run: () => useUi.getState().openRunner(collection.id) },
            { label: 'Rename', run: () => setRenaming(true) },
            { label: 'Export', run: () => void exportCollection(collection.id) },
            { label: 'Delete', run: () => deleteCollection(collection.id, collection.name), danger: true },
          ]}
        />
      </div>
      {open && (
        <ul role="group">
          {children.map((node, index) => (
            <TreeRow key={node.id} node={node} collectionId={collection.id} parentId={null} index={index} depth={1} />
          ))}
          {children.length === 0 && (
            <li className="tree-empty muted">
              Empty.{' '}
              <button type="button" className="btn link" onClick={() => void addRequest(collection.id, null)}>
                Add a request
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
