import type { ReactNode } from 'react';
import { lockOf } from '../stores/settings-store.js';
import type { SettingsOutput } from '../stores/types.js';
import { Locked } from '../ui/Locked.js';

/** A labelled setting; when policy locks its key, the control is read-only and the note says so. */
export function SettingField({ current, settingKey, label, help, children }: { current: SettingsOutput; settingKey: string; label: string; help?: string; children: (locked: boolean) => ReactNode }) {
  const lock = lockOf(current, settingKey);
  return (
    <div className={lock.locked ? 'setting-row locked' : 'setting-row'} data-testid={`setting-${settingKey}`} data-locked={lock.locked}>
      <div className="setting-label">
        <div>{label}</div>
        {help && <div className="muted small">{help}</div>}
        <Locked locked={lock.locked} origin={lock.origin} />
      </div>
      <div className="setting-control">{children(lock.locked)}</div>
    </div>
  );
}
