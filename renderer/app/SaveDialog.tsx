import { useState } from 'react';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { useActiveTab, useTabs } from '../stores/tabs-store.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { Modal } from '../ui/Modal.js';

/** Where to save a request that has never been saved: its name and a collection. */
export function SaveDialog() {
  const tab = useActiveTab();
  const collections = useWorkspace((s) => s.collections);
  const workspaceId = useWorkspace((s) => s.workspaceId);
  const [name, setName] = useState(tab?.name ?? 'Untitled request');
  const [collectionId, setCollectionId] = useState(collections[0]?.id ?? '');
  const [newCollection, setNewCollection] = useState('My Collection');
  const [error, setError] = useState<string | null>(null);
  if (!tab) return null;

  const save = async (): Promise<void> => {
    try {
      let target = collectionId;
      if (target === '' && workspaceId) {
        target = (await api.collections.create({ workspaceId, name: newCollection.trim() || 'My Collection' })).id;
      }
      await useTabs.getState().saveAs(tab.id, target, name.trim() || 'Untitled request');
      useUi.getState().open(null);
      useUi.getState().toast(`Saved “${name}”`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Modal title="Save request" testId="save-dialog">
      <label className="field">
        <span>Name</span>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} autoFocus data-testid="save-name" />
      </label>
      <label className="field">
        <span>Collection</span>
        <select className="input" value={collectionId} onChange={(e) => setCollectionId(e.target.value)} data-testid="save-collection">
          {collections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
          <option value="">New collection…</option>
        </select>
      </label>
      {collectionId === '' && (
        <label className="field">
          <span>New collection name</span>
          <input className="input" value={newCollection} onChange={(e) => setNewCollection(e.target.value)} />
        </label>
      )}
      {error && <p className="error-text">{error}</p>}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => useUi.getState().open(null)}>
          Cancel
        </button>
        <button type="button" className="btn primary" onClick={() => void save()} data-testid="save-confirm">
          Save
        </button>
      </div>
    </Modal>
  );
}
