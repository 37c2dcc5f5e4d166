import { useEffect } from 'react';
import { EnvironmentEditor } from '../environments/EnvironmentEditor.js';
import { RequestWorkspace } from '../request/RequestWorkspace.js';
import { RunnerPanel } from '../runner/RunnerPanel.js';
import { SettingsDialog } from '../settings/SettingsDialog.js';
import { Sidebar } from '../sidebar/Sidebar.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { Toasts } from '../ui/Toasts.js';
import { DropImport } from './DropImport.js';
import { ImportDialog } from './ImportDialog.js';
import { NewCollectionDialog } from './NewCollectionDialog.js';
import { SaveDialog } from './SaveDialog.js';
import { SearchPalette } from './SearchPalette.js';
import { StartupError } from './StartupError.js';
import { TopBar } from './TopBar.js';
import { useShortcuts } from './use-shortcuts.js';

/** The window: top bar, sidebar, the main view (requests, an environment, the runner) and dialogs. */
export function App() {
  const theme = useUi((s) => s.theme);
  const view = useUi((s) => s.view);
  const dialog = useUi((s) => s.dialog);
  const loading = useWorkspace((s) => s.loading);
  const error = useWorkspace((s) => s.error);
  const init = useWorkspace((s) => s.init);
  useShortcuts();

  useEffect(() => {
    void init();
  }, [init]);

  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  if (error) return <StartupError message={error} onRetry={() => void init()} />;

  return (
    <div className="app" data-testid="app">
      <TopBar />
      <div className="app-body">
        <Sidebar />
        <main className="main" aria-busy={loading}>
          {view === 'requests' && <RequestWorkspace />}
          {view === 'environment' && <EnvironmentEditor />}
          {view === 'runner' && <RunnerPanel />}
        </main>
      </div>
      {dialog === 'settings' && <SettingsDialog />}
      {dialog === 'import' && <ImportDialog />}
      {dialog === 'search' && <SearchPalette />}
      {dialog === 'save' && <SaveDialog />}
      {dialog === 'new-collection' && <NewCollectionDialog kind="collection" />}
      {dialog === 'new-workspace' && <NewCollectionDialog kind="workspace" />}
      <DropImport />
      <Toasts />
    </div>
  );
}
