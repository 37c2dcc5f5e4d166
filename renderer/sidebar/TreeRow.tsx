import { useState } from 'react';
import type { TreeNode } from '../../src/api/index.js';
import { useSettingsTabs } from '../collection/settings-tabs-store.js';
import { usePendingDelete } from '../stores/pending-delete.js';
import { useActiveTab, useTabs } from '../stores/tabs-store.js';
import { useUi } from '../stores/ui-store.js';
import { MethodBadge } from '../ui/MethodBadge.js';
import { InlineRename } from './InlineRename.js';
import { RowMenu } from './RowMenu.js';
import { DRAG_TYPE, readDrag, startDrag } from './drag.js';
import { addFolder, addRequest, deleteItem, duplicateItem, moveItem, renameItem } from './tree-actions.js';

interface Props {
  node: TreeNode;
  collectionId: string;
  parentId: string | null;
  index: number;
  depth: number;
}

/** A folder or request in the tree; drag one onto another to move it before it, or onto a folder to put it inside. */
export function TreeRow({ node, collectionId, parentId, index, depth }: Props) {
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [dropping, setDropping] = useState(false);
  const active = useActiveTab();
  const hidden = usePendingDelete((s) => s.hidden);
  const isFolder = node.kind === 'folder';
  const children = (node.children ?? []).filter((n) => !hidden[n.id]);
  const selected = active?.itemId === node.id;

  const activate = (): void => {
    if (isFolder) setOpen(!open);
    else {
      useUi.getState().show('requests');
      void useTabs.getState().openItem(collectionId, node.id);
    }
  };

  return (
    <li role="treeitem" aria-expanded={isFolder ? open : undefined} aria-selected={selected}>
      <div
        className={`tree-row${selected ? ' selected' : ''}${dropping ? ' drop-target' : ''}`}
        style={{ paddingLeft: `${depth * 14 + 6}px` }}
        draggable={!renaming}
        onDragStart={(e) => startDrag(e, { collectionId, itemId: node.id })}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={(e) => {
          setDropping(false);
          const drag = readDrag(e);
          if (!drag || drag.collectionId !== collectionId || drag.itemId === node.id) return;
          if (isFolder) void moveItem(collectionId, drag.itemId, node.id, children.length);
          else void moveItem(collectionId, drag.itemId, parentId, index);
        }}
        onClick={activate}
        data-testid={isFolder ? 'sidebar-folder' : 'sidebar-request'}
      >
        {isFolder ? (
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
        ) : (
          <MethodBadge method={node.method ?? 'GET'} />
        )}
        {renaming ? (
          <InlineRename
            value={node.name}
            onDone={(name) => {
              setRenaming(false);
              if (name) void renameItem(collectionId, node.id, name);
            }}
          />
        ) : (
          <span className="row-name" onDoubleClick={() => setRenaming(true)}>
            {isFolder && <span className="folder-icon" aria-hidden="true">▣ </span>}
            {node.name}
          </span>
        )}
        <RowMenu
          testId="item-menu"
          actions={[
            ...(isFolder
              ? [
                  { label: 'Edit', run: () => void useSettingsTabs.getState().open(collectionId, node.id) },
                  { label: 'Add request', run: () => void addRequest(collectionId, node.id) },
                  { label: 'Add folder', run: () => void addFolder(collectionId, node.id) },
                ]
              : []),
            { label: 'Rename', run: () => setRenaming(true) },
            { label: 'Duplicate', run: () => void duplicateItem(collectionId, node.id) },
            { label: 'Delete', run: () => deleteItem(collectionId, node.id, node.name), danger: true },
          ]}
        />
      </div>
      {isFolder && open && (
        <ul role="group">
          {children.map((child, i) => (
            <TreeRow key={child.id} node={child} collectionId={collectionId} parentId={node.id} index={i} depth={depth + 1} />
          ))}
          {children.length === 0 && (
            <li className="tree-empty muted" style={{ paddingLeft: `${(depth + 1) * 14 + 6}px` }}>
              This folder is empty.
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
