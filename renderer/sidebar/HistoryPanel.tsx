import { api } from '../api.js';
import { errorText } from '../errors.js';
import { useTabs } from '../stores/tabs-store.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { EmptyState } from '../ui/EmptyState.js';
import { MethodBadge } from '../ui/MethodBadge.js';

function time(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleTimeString();
}

function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

/** Requests sent from this workspace, newest first; click one to open it again in a new tab. */
export function HistoryPanel() {
  const history = useWorkspace((s) => s.history);
  const workspaceId = useWorkspace((s) => s.workspaceId);

  const reopen = async (entryId: string): Promise<void> => {
    try {
      const { entry, request, response, bodyTruncated } = await api.history.get({ entryId });
      useUi.getState().show('requests');
      useTabs.getState().openRequest(`${entry.method} ${entry.url}`.slice(0, 60), request);
      const { activeId } = useTabs.getState();
      if (activeId && response) useTabs.setState({ tabs: useTabs.getState().tabs.map((t) => (t.id === activeId ? { ...t, response } : t)) });
      // History keeps bodies up to a limit; say so when this one was cut (the response's console says it too).
      if (bodyTruncated) useUi.getState().toast(`History kept the first ${megabytes(bodyTruncated.keptBytes)} of this ${megabytes(bodyTruncated.totalBytes)} response body (truncated at ${megabytes(bodyTruncated.keptBytes)}).`, { tone: 'info' });
    } catch (error) {
      useUi.getState().toast(errorText(error), { tone: 'error' });
    }
  };

  const clear = async (): Promise<void> => {
    if (!workspaceId) return;
    await api.history.clear({ workspaceId });
    await useWorkspace.getState().refreshHistory();
  };

  return (
    <div className="panel">
      <div className="panel-head">
        <span className="panel-title">History</span>
        {history.length > 0 && (
          <button type="button" className="btn ghost small" onClick={() => void clear()}>
            Clear
          </button>
        )}
      </div>
      {history.length === 0 ? (
        <EmptyState title="Nothing sent yet">
          <p>Requests you send show up here, so you can open them again.</p>
        </EmptyState>
      ) : (
        <ul className="tree">
          {history.map((h) => (
            <li key={h.id}>
              <div className="tree-row history-row" onClick={() => void reopen(h.id)} data-testid="history-entry" title={h.url}>
                <MethodBadge method={h.method} />
                <span className="row-name">{h.url}</span>
                <span className={h.status === null ? 'status-chip bad' : h.status < 400 ? 'status-chip ok' : 'status-chip bad'}>{h.status ?? h.errorCode ?? 'error'}</span>
                <span className="muted small">{time(h.at)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
