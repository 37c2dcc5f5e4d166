import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';

const NEW = '__new__';

/** Which workspace the sidebar shows; the last option makes a new one. */
export function WorkspaceSwitcher() {
  const workspaces = useWorkspace((s) => s.workspaces);
  const workspaceId = useWorkspace((s) => s.workspaceId);
  const onChange = (value: string): void => {
    const ws = useWorkspace.getState();
    if (value !== NEW) {
      void ws.selectWorkspace(value);
      return;
    }
    useUi.getState().open('new-workspace');
  };
  return (
    <div className="workspace-switcher">
      <select className="input" aria-label="Workspace" value={workspaceId ?? ''} onChange={(e) => onChange(e.target.value)} data-testid="workspace-select">
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
        <option value={NEW}>+ New workspace…</option>
      </select>
    </div>
  );
}
