import { SettingsTabButtons } from '../collection/SettingsTabButtons.js';
import { useTabs } from '../stores/tabs-store.js';
import { MethodBadge } from '../ui/MethodBadge.js';

/** The row of open request tabs (then collection and folder settings tabs), with + for a new one. */
export function RequestTabsBar() {
  const tabs = useTabs((s) => s.tabs);
  const activeId = useTabs((s) => s.activeId);
  const { activate, close, newTab } = useTabs.getState();
  return (
    <div className="request-tabs" role="tablist" data-testid="request-tabs">
      {tabs.map((t) => (
        <div
          key={t.id}
          role="tab"
          aria-selected={t.id === activeId}
          className={t.id === activeId ? 'request-tab active' : 'request-tab'}
          onClick={() => activate(t.id)}
          onAuxClick={(e) => e.button === 1 && close(t.id)}
          title={t.name}
          data-testid="request-tab"
        >
          <MethodBadge method={t.request.method} />
          <span className="tab-name">{t.name}</span>
          {t.dirty && <span className="dirty-dot" title="Unsaved changes" aria-label="Unsaved changes" />}
          <button
            type="button"
            className="btn ghost icon small tab-close"
            aria-label={`Close ${t.name}`}
            onClick={(e) => {
              e.stopPropagation();
              close(t.id);
            }}
            data-testid="request-tab-close"
          >
            ✕
          </button>
        </div>
      ))}
      <SettingsTabButtons />
      <button type="button" className="btn ghost icon new-tab" aria-label="New request tab" title="New tab (Ctrl+T)" onClick={newTab} data-testid="request-tab-new">
        +
      </button>
    </div>
  );
}
