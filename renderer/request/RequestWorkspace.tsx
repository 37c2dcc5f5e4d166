import { LevelEditor } from '../collection/LevelEditor.js';
import { useActiveSettingsTab } from '../collection/settings-tabs-store.js';
import { ResponsePane } from '../response/ResponsePane.js';
import { useActiveTab, useTabs } from '../stores/tabs-store.js';
import { EmptyState } from '../ui/EmptyState.js';
import { RequestEditor } from './RequestEditor.js';
import { RequestTabsBar } from './RequestTabsBar.js';

/** Open tabs: the active request's editor above its response, or the active collection/folder settings. */
export function RequestWorkspace() {
  const tab = useActiveTab();
  const settingsTab = useActiveSettingsTab();
  const newTab = useTabs((s) => s.newTab);
  return (
    <div className="request-workspace">
      <RequestTabsBar />
      {settingsTab ? (
        <LevelEditor key={settingsTab.id} tab={settingsTab} />
      ) : tab ? (
        <div className="request-split">
          <RequestEditor key={tab.id} tab={tab} />
          <ResponsePane tab={tab} />
        </div>
      ) : (
        <EmptyState title="No request open" testId="no-tab">
          <p>Open a request from the sidebar, or start a new one.</p>
          <div className="empty-actions">
            <button type="button" className="btn primary" onClick={newTab} data-testid="new-request">
              New request
            </button>
          </div>
          <p className="muted shortcuts-hint">
            <kbd>Ctrl</kbd>+<kbd>T</kbd> new tab · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> send · <kbd>Ctrl</kbd>+<kbd>S</kbd> save · <kbd>Ctrl</kbd>+<kbd>K</kbd> search
          </p>
        </EmptyState>
      )}
    </div>
  );
}
