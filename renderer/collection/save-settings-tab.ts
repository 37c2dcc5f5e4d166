import { errorText } from '../errors.js';
import { useUi } from '../stores/ui-store.js';
import { useSettingsTabs } from './settings-tabs-store.js';

/** Save a settings tab and say how it went (the Save button and Ctrl/Cmd+S). */
export async function saveSettingsTab(id: string): Promise<void> {
  try {
    await useSettingsTabs.getState().save(id);
    useUi.getState().toast('Saved');
  } catch (error) {
    useUi.getState().toast(`Not saved: ${errorText(error)}`, { tone: 'error' });
  }
}
