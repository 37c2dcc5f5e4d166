import { CookiesButton } from '../cookies/index.js';
import { useUi } from '../stores/ui-store.js';
import { EnvironmentSelect } from './EnvironmentSelect.js';

/** Brand, search, import, runner, cookies, environment choice, theme and settings. */
export function TopBar() {
  const open = useUi((s) => s.open);
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const openRunner = useUi((s) => s.openRunner);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">P</span> Postern
      </div>
      <button type="button" className="search-trigger" onClick={() => open('search')} data-testid="search-open">
        Search collections, requests, environments <kbd>Ctrl K</kbd>
      </button>
      <div className="topbar-actions">
        <button type="button" className="btn ghost" onClick={() => open('import')} data-testid="import-open">
          Import
        </button>
        <button type="button" className="btn ghost" onClick={() => openRunner(null)} data-testid="runner-open">
          Runner
        </button>
        <CookiesButton />
        <EnvironmentSelect />
        <button
          type="button"
          className="btn ghost icon"
          title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
          aria-label="Toggle theme"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          data-testid="theme-toggle"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button type="button" className="btn ghost icon" title="Settings" aria-label="Settings" onClick={() => open('settings')} data-testid="settings-open">
          ⚙
        </button>
      </div>
    </header>
  );
}
