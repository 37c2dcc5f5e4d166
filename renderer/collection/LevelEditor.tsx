import { useState } from 'react';
import { ScriptsEditor } from '../request/ScriptsEditor.js';
import { useCollectionCache } from '../stores/collection-cache.js';
import { useUi } from '../stores/ui-store.js';
import { TabStrip } from '../ui/TabStrip.js';
import { LevelAuth } from './LevelAuth.js';
import { LevelOverview } from './LevelOverview.js';
import { LevelSettings } from './LevelSettings.js';
import { LevelVariables } from './LevelVariables.js';
import { countRequests, findFolder, levelsAbove, nearestAuth, withBehavior, type LevelDraft } from './level-draft.js';
import { useSettingsTabs, type SettingsTab } from './settings-tabs-store.js';
import { saveSettingsTab } from './save-settings-tab.js';

/** The editor fills the tab area (the request editor shares it with the response pane). */
const FILL = { flex: 1, borderBottom: 'none' } as const;
const HEAD = { padding: '10px 12px 0' } as const;

type Section = 'overview' | 'auth' | 'scripts' | 'variables' | 'settings';

/** A collection's or folder's own settings, in sub-tabs like a request's, saved with the button or Ctrl/Cmd+S. */
export function LevelEditor({ tab }: { tab: SettingsTab }) {
  const [section, setSection] = useState<Section>('overview');
  const view = useCollectionCache((s) => s.views[tab.collectionId]);
  const { draft } = tab;
  const isFolder = tab.folderId !== null;
  const kind = isFolder ? 'folder' : 'collection';

  if (!draft || !view) {
    return (
      <section className="request-editor level-editor" style={FILL} data-testid="level-editor">
        <div className="request-section">{tab.error ? <p className="error-text" role="alert">{tab.error}</p> : <p className="muted">Loading…</p>}</div>
      </section>
    );
  }

  const update = (next: LevelDraft): void => useSettingsTabs.getState().update(tab.id, next);
  const above = levelsAbove(view, tab.folderId);
  const found = tab.folderId === null ? undefined : findFolder(view.items, tab.folderId);
  const items = found ? found.folder.items : view.items;
  const path = found ? [view.name, ...found.parents.map((f) => f.name)].join(' / ') : '';
  const enabledVariables = draft.variables.filter((v) => v.enabled !== false && v.key !== '').length;
  const scriptCount = (draft.scripts.prerequest?.trim() ? 1 : 0) + (draft.scripts.test?.trim() ? 1 : 0);

  return (
    <section className="request-editor level-editor" style={FILL} aria-label={`${kind} settings`} data-testid="level-editor" data-kind={kind}>
      <div className="env-head level-head" style={HEAD}>
        <span className="muted small level-kind">{isFolder ? '▣ Folder' : '◆ Collection'}</span>
        <h2 data-testid="level-title">{tab.title}</h2>
        {tab.dirty && <span className="dirty-dot" title="Unsaved changes" aria-label="Unsaved changes" data-testid="level-dirty" />}
        <div className="env-actions">
          {!isFolder && (
            <button type="button" className="btn" onClick={() => useUi.getState().openRunner(tab.collectionId)}>
              Run
            </button>
          )}
          <button type="button" className="btn primary" disabled={!tab.dirty} onClick={() => void saveSettingsTab(tab.id)} title="Save (Ctrl+S)" data-testid="level-save">
            Save
          </button>
        </div>
      </div>
      {tab.error && (
        <p className="error-text level-error" role="alert" data-testid="level-error">
          {tab.error}
        </p>
      )}
      <TabStrip<Section>
        testId="level-section"
        active={section}
        onChange={setSection}
        tabs={[
          { key: 'overview', label: 'Overview' },
          { key: 'auth', label: 'Authorization', badge: draft.auth ? '●' : undefined },
          { key: 'scripts', label: 'Scripts', badge: scriptCount },
          { key: 'variables', label: 'Variables', badge: enabledVariables },
          { key: 'settings', label: 'Settings', badge: draft.protocolProfileBehavior ? '●' : undefined },
        ]}
      />
      <div className="request-section">
        {section === 'overview' && (
          <LevelOverview name={draft.name} description={draft.description} kind={kind} requestCount={countRequests(items)} path={path} onChange={(change) => update({ ...draft, ...change })} />
        )}
        {section === 'auth' && <LevelAuth auth={draft.auth} canInherit={isFolder} inherited={nearestAuth(above)} onChange={(auth) => update({ ...draft, auth })} />}
        {section === 'scripts' && (
          <>
            <p className="muted small">
              The pre-request script runs before every request in this {kind}, and the test script after each one, outermost level first.
            </p>
            <ScriptsEditor scripts={draft.scripts} onChange={(scripts) => update({ ...draft, scripts })} />
          </>
        )}
        {section === 'variables' && (
          <LevelVariables rows={draft.variables} stored={tab.storedVariables} collectionId={tab.collectionId} folderId={tab.folderId} onChange={(variables) => update({ ...draft, variables })} />
        )}
        {section === 'settings' && <LevelSettings own={draft.protocolProfileBehavior} above={above} kind={kind} onSet={(key, value) => update(withBehavior(draft, key, value))} />}
      </div>
    </section>
  );
}
