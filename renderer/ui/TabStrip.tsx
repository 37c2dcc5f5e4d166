export interface TabSpec<K extends string> {
  key: K;
  label: string;
  /** A count or marker after the label. */
  badge?: string | number | undefined;
}

/** A row of tabs for sub-views (Params, Headers, Body…). */
export function TabStrip<K extends string>({ tabs, active, onChange, testId }: { tabs: readonly TabSpec<K>[]; active: K; onChange: (key: K) => void; testId?: string }) {
  return (
    <div className="tab-strip" role="tablist" data-testid={testId}>
      {tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          aria-selected={t.key === active}
          className={t.key === active ? 'sub-tab active' : 'sub-tab'}
          onClick={() => onChange(t.key)}
          data-testid={`${testId ?? 'tab'}-${t.key}`}
        >
          {t.label}
          {t.badge !== undefined && t.badge !== 0 && t.badge !== '' && <span className="badge">{t.badge}</span>}
        </button>
      ))}
    </div>
  );
}
