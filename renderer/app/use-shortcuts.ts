import { useEffect } from 'react';
import { isSettingsTab, useSettingsTabs } from '../collection/settings-tabs-store.js';
import { saveSettingsTab } from '../collection/save-settings-tab.js';
import { errorText } from '../errors.js';
import { useTabs } from '../stores/tabs-store.js';
import { useUi } from '../stores/ui-store.js';

/** Save the active tab, or ask where when it has never been saved. */
export async function saveActive(): Promise<void> {
  const { activeId, save } = useTabs.getState();
  if (!activeId) return;
  if (isSettingsTab(activeId)) {
    await saveSettingsTab(activeId);
    return;
  }
  try {
    const saved = await save(activeId);
    if (saved) useUi.getState().toast('Saved');
    else useUi.getState().open('save');
  } catch (error) {
    useUi.getState().toast(`Not saved: ${errorText(error)}`, { tone: 'error' });
  }
}

/** Ctrl/Cmd+Enter send, +S save, +T new tab, +W close tab, +K search; Escape closes a dialog. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && useUi.getState().dialog) {
        useUi.getState().open(null);
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const tabs = useTabs.getState();
      const key = event.key.toLowerCase();
      if (key === 'enter') {
        if (tabs.activeId) void tabs.send(tabs.activeId);
      } else if (key === 's') {
        void saveActive();
      } else if (key === 't') {
        useUi.getState().show('requests');
        tabs.newTab();
      } else if (key === 'w') {
        if (isSettingsTab(tabs.activeId)) useSettingsTabs.getState().close(tabs.activeId ?? '');
        else if (tabs.activeId) tabs.close(tabs.activeId);
      } else if (key === 'k') {
        useUi.getState().open('search');
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
