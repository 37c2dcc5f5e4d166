import { useTabs } from '../stores/tabs-store.js';
import { useSettingsTabs } from './settings-tabs-store.js';

/** The open collection and folder settings tabs, drawn in the request tab row after the request tabs. */
export function SettingsTabButtons() {
  const tabs = useSettingsTabs((s) => s.tabs);
  const activeId = useTabs((s) => s.activeId);
  const close = useSettingsTabs.getState().close;
  return (
    <>
      {tabs.map((t) => {
        const label = `${t.folderId === null ? 'Collection' : 'Folder'} ${t.title} settings`;
        return (
          <div
            key={t.id}
            role="tab"
            aria-selected={t.id === activeId}
            className={t.id === activeId ? 'request-tab active' : 'request-tab'}
            onClick={() => useTabs.getState().activate(t.id)}
            onAuxClick={(e) => e.button === 1 && close(t.id)}
            title={label}
            data-testid="settings-tab"
          >
            <span className="muted" aria-hidden="true">
              {t.folderId === null ? '◆' : '▣'}
            </span>
            <span className="tab-name">{t.title}</span>
            {t.dirty && <span className="dirty-dot" title="Unsaved changes" aria-label="Unsaved changes" />}
            <button
              type="button"
              className="btn ghost icon small tab-close"
              aria-label={`Close ${label}`}
              onClick={(e) => {
                e.stopPropagation();
                close(t.id);
              }}
              data-testid="settings-tab-close"
            >
              ✕
            </button>
          </div>
        );
      })}
    </>
  );
}
