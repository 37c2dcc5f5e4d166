import { create } from 'zustand';
import type { InputOf } from '../../src/api/index.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import type { CertificateView, SettingsOutput } from './types.js';

export type SettingsPatch = InputOf<'settings.save'>['patch'];

interface SettingsState {
  current: SettingsOutput | null;
  certificates: CertificateView[];
  error: string | null;
  load(): Promise<void>;
  save(patch: SettingsPatch): Promise<boolean>;
  loadCertificates(): Promise<void>;
}

/** App settings with, for each key, whether policy locks it. */
export const useSettings = create<SettingsState>((set) => ({
  current: null,
  certificates: [],
  error: null,
  async load() {
    try {
      set({ current: await api.settings.get(), error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  async save(patch) {
    try {
      set({ current: await api.settings.save({ patch }), error: null });
      return true;
    } catch (error) {
      set({ error: errorText(error) });
      return false;
    }
  },
  async loadCertificates() {
    try {
      set({ certificates: (await api.certificates.list()).certificates });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
}));

/** Whether policy locks a setting (by dotted key, or any key under a group), and where from. */
export function lockOf(current: SettingsOutput | null, key: string): { locked: boolean; origin?: string | undefined } {
  const field = current?.fields.find((f) => f.key === key || key.startsWith(`${f.key}.`));
  return { locked: field?.locked ?? false, origin: field?.origin };
}
