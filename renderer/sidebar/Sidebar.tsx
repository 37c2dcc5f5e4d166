import { useState } from 'react';
import { CollectionsPanel } from './CollectionsPanel.js';
import { EnvironmentsPanel } from './EnvironmentsPanel.js';
import { HistoryPanel } from './HistoryPanel.js';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.js';

type Section = 'collections' | 'environments' | 'history';

const SECTIONS: { key: Section; label: string; icon: string }[] = [
  { key: 'collections', label: 'Collections', icon: '▤' },
  { key: 'environments', label: 'Environments', icon: '◫' },
  { key: 'history', label: 'History', icon: '↺' },
];

/** The left side: workspace, then collections, environments or history. */
export function Sidebar() {
  const [section, setSection] = useState<Section>('collections');
  return (
    <aside className="sidebar" data-testid="sidebar">
      <WorkspaceSwitcher />
      <div className="sidebar-inner">
        <nav className="rail" aria-label="Sidebar sections">
          {SECTIONS.map((s) => (
            <button
              key={s.key}
              type="button"
              className={s.key === section ? 'rail-item active' : 'rail-item'}
              onClick={() => setSection(s.key)}
              data-testid={`sidebar-${s.key}`}
            >
              <span className="rail-icon" aria-hidden="true">
                {s.icon}
              </span>
              {s.label}
            </button>
          ))}
        </nav>
        <div className="sidebar-panel">
          {section === 'collections' && <CollectionsPanel />}
          {section === 'environments' && <EnvironmentsPanel />}
          {section === 'history' && <HistoryPanel />}
        </div>
      </div>
    </aside>
  );
}
