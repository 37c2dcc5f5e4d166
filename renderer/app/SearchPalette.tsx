import { useMemo, useState } from 'react';
import type { TreeNode } from '../../src/api/index.js';
import { useTabs } from '../stores/tabs-store.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { Modal } from '../ui/Modal.js';

interface Hit {
  key: string;
  kind: 'collection' | 'folder' | 'request' | 'environment';
  label: string;
  detail: string;
  go: () => void;
}

function walk(nodes: readonly TreeNode[], collectionId: string, path: string, out: Hit[]): void {
  for (const node of nodes) {
    const where = `${path} / ${node.name}`;
    if (node.kind === 'request') {
      out.push({ key: node.id, kind: 'request', label: node.name, detail: `${node.method ?? 'GET'} · ${path}`, go: () => void useTabs.getState().openItem(collectionId, node.id) });
    } else {
      out.push({ key: node.id, kind: 'folder', label: node.name, detail: path, go: () => useUi.getState().openRunner(collectionId) });
      walk(node.children ?? [], collectionId, where, out);
    }
  }
}

/** Ctrl/Cmd+K: find a collection, folder, request or environment by name. */
export function SearchPalette() {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const collections = useWorkspace((s) => s.collections);
  const trees = useWorkspace((s) => s.trees);
  const environments = useWorkspace((s) => s.environments);

  const all = useMemo(() => {
    const hits: Hit[] = [];
    for (const c of collections) {
      hits.push({ key: c.id, kind: 'collection', label: c.name, detail: `${c.requestCount} requests`, go: () => useUi.getState().openRunner(c.id) });
      walk(trees[c.id]?.children ?? [], c.id, c.name, hits);
    }
    for (const e of environments) hits.push({ key: e.id, kind: 'environment', label: e.name, detail: `${e.variableCount} variables`, go: () => useUi.getState().editEnvironment(e.id) });
    return hits;
  }, [collections, trees, environments]);

  const needle = query.trim().toLowerCase();
  const hits = (needle === '' ? all : all.filter((h) => h.label.toLowerCase().includes(needle) || h.detail.toLowerCase().includes(needle))).slice(0, 50);

  const choose = (hit: Hit | undefined): void => {
    if (!hit) return;
    useUi.getState().open(null);
    if (hit.kind === 'request') useUi.getState().show('requests');
    hit.go();
  };

  return (
    <Modal title="Search" testId="search-dialog">
      <input
        autoFocus
        className="input search-input"
        placeholder="Type a name…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setSelected(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setSelected((s) => Math.min(s + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setSelected((s) => Math.max(s - 1, 0));
          else if (e.key === 'Enter') choose(hits[selected]);
          else return;
          e.preventDefault();
        }}
        data-testid="search-input"
      />
      <ul className="search-results">
        {hits.map((hit, i) => (
          <li key={`${hit.kind}-${hit.key}`}>
            <button type="button" className={i === selected ? 'search-hit selected' : 'search-hit'} onClick={() => choose(hit)} data-testid="search-hit">
              <span className={`kind kind-${hit.kind}`}>{hit.kind}</span>
              <span className="hit-label">{hit.label}</span>
              <span className="muted hit-detail">{hit.detail}</span>
            </button>
          </li>
        ))}
        {hits.length === 0 && <li className="muted pad">Nothing matches “{query}”.</li>}
      </ul>
    </Modal>
  );
}
