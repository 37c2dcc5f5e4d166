import { useState } from 'react';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { Modal } from '../ui/Modal.js';

/** Name a new, empty collection or workspace. */
export function NewCollectionDialog({ kind }: { kind: 'collection' | 'workspace' }) {
  const workspaceId = useWorkspace((s) => s.workspaceId);
  const fallback = kind === 'collection' ? 'New Collection' : 'New Workspace';
  const [name, setName] = useState(fallback);
  const [error, setError] = useState<string | null>(null);
  const create = async (): Promise<void> => {
    try {
      if (kind === 'workspace') {
        await useWorkspace.getState().createWorkspace(name.trim() || fallback);
      } else if (workspaceId) {
        await api.collections.create({ workspaceId, name: name.trim() || fallback });
        await useWorkspace.getState().refreshCollections();
      }
      useUi.getState().open(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal title={`New ${kind}`} testId={`new-${kind}-dialog`}>
      <label className="field">
        <span>Name</span>
        <input className="input" value={name} autoFocus onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void create()} data-testid="new-collection-name" />
      </label>
      {error && <p className="error-text">{error}</p>}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => useUi.getState().open(null)}>
          Cancel
        </button>
        <button type="button" className="btn primary" onClick={() => void create()} data-testid="new-collection-confirm">
          Create
        </button>
      </div>
    </Modal>
  );
}
