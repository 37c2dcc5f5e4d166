import { api } from '../api.js';
import { download } from '../app/import-file.js';
import { errorText } from '../errors.js';
import { usePendingDelete } from '../stores/pending-delete.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { EmptyState } from '../ui/EmptyState.js';
import { RowMenu } from './RowMenu.js';

/** Environments of the workspace, and its globals. */
export function EnvironmentsPanel() {
  const environments = useWorkspace((s) => s.environments);
  const workspaceId = useWorkspace((s) => s.workspaceId);
  const activeId = useWorkspace((s) => s.environmentId);
  const hidden = usePendingDelete((s) => s.hidden);
  const editing = useUi((s) => (s.view === 'environment' ? s.editingEnvironment : null));
  const shown = environments.filter((e) => !hidden[e.id]);

  const create = async (): Promise<void> => {
    if (!workspaceId) return;
    try {
      const created = await api.environments.save({ workspaceId, environment: { name: 'New Environment', values: [] } });
      await useWorkspace.getState().refreshEnvironments();
      useUi.getState().editEnvironment(created.id);
    } catch (error) {
      useUi.getState().toast(errorText(error), { tone: 'error' });
    }
  };

  const remove = (id: string, name: string): void =>
    usePendingDelete.getState().remove(id, `environment “${name}”`, async () => {
      await api.environments.delete({ environmentId: id });
      await useWorkspace.getState().refreshEnvironments();
      if (useUi.getState().editingEnvironment === id) useUi.getState().show('requests');
    });

  const exportEnv = async (id: string): Promise<void> => {
    try {
      download(await api.environments.export({ environmentId: id }));
    } catch (error) {
      useUi.getState().toast(errorText(error), { tone: 'error' });
    }
  };

  return (
    <div className="panel">
      <div className="panel-head">
        <span className="panel-title">Environments</span>
        <button type="button" className="btn ghost small" onClick={() => void create()} data-testid="environment-new">
          + New
        </button>
      </div>
      <ul className="tree">
        <li>
          <div className={`tree-row${editing === 'globals' ? ' selected' : ''}`} onClick={() => useUi.getState().editEnvironment('globals')} data-testid="sidebar-globals">
            <span className="env-dot globals" aria-hidden="true" />
            <span className="row-name">Globals</span>
          </div>
        </li>
        {shown.map((env) => (
          <li key={env.id}>
            <div className={`tree-row${editing === env.id ? ' selected' : ''}`} onClick={() => useUi.getState().editEnvironment(env.id)} data-testid="sidebar-environment">
              <span className={env.id === activeId ? 'env-dot active' : 'env-dot'} title={env.id === activeId ? 'Active environment' : undefined} aria-hidden="true" />
              <span className="row-name">{env.name}</span>
              <span className="muted small">{env.variableCount}</span>
              <RowMenu
                actions={[
                  { label: 'Use this environment', run: () => useWorkspace.getState().selectEnvironment(env.id) },
                  { label: 'Export', run: () => void exportEnv(env.id) },
                  { label: 'Delete', run: () => remove(env.id, env.name), danger: true },
                ]}
              />
            </div>
          </li>
        ))}
      </ul>
      {shown.length === 0 && (
        <EmptyState title="No environments">
          <p>Keep values such as base URLs and tokens per environment (dev, staging, prod) and switch between them.</p>
        </EmptyState>
      )}
    </div>
  );
}
