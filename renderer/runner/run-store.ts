import { create } from 'zustand';
import { api } from '../api.js';
import { runState, type RunRow, type RunState } from './run-session.js';

export type { RunRow, RunState };

/** The collection run in progress (or last finished); see run-session.ts. */
export const useRun = create<RunState>()(runState(api));
