import { create } from 'zustand';
import type { RunEventView } from '../../src/api/index.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';

type RequestEvent = Extract<RunEventView, { type: 'request' }>;
type AssertionEvent = Extract<RunEventView, { type: 'assertion' }>;
type DoneEvent = Extract<RunEventView, { type: 'done' }>;

export interface RunRow {
  key: string;
  iteration: number;
  request: RequestEvent;
  assertions: AssertionEvent[];
}

interface RunState {
  runId: string | null;
  collectionName: string;
  total: number;
  done: number;
  rows: RunRow[];
  summary: DoneEvent | null;
  error: string | null;
  start(input: Parameters<typeof api.runner.start>[0]): Promise<void>;
  cancel(): Promise<void>;
}

let unsubscribe: (() => void) | null = null;
/** Events that arrive before `runner.start` has answered with their run id. */
let early: { runId: string; event: RunEventView }[] = [];

/** The collection run in progress (or last finished), built from `runner.progress` events. */
export const useRun = create<RunState>((set, get) => {
  const onEvent = (runId: string, event: RunEventView): void => {
    if (get().runId === null) {
      early.push({ runId, event });
      return;
    }
    if (get().runId !== runId) return;
    switch (event.type) {
      case 'start':
        set({ collectionName: event.collection.name, total: event.requestCount * event.iterationCount });
        break;
      case 'beforeItem':
        // The cursor carries the totals too: a `start` event missed while the event socket was still
        // subscribing must not leave the progress at "? requests".
        if (get().total === 0) set({ total: event.cursor.length * event.cursor.iterationCount });
        break;
      case 'request':
        if (get().total === 0) set({ total: event.cursor.length * event.cursor.iterationCount });
        set({ rows: [...get().rows, { key: `${event.cursor.iteration}-${event.cursor.position}-${get().rows.length}`, iteration: event.cursor.iteration, request: event, assertions: [] }], done: get().done + 1 });
        break;
      case 'assertion': {
        const rows = [...get().rows];
        const last = rows[rows.length - 1];
        if (last && last.request.item.id === event.item.id) rows[rows.length - 1] = { ...last, assertions: [...last.assertions, event] };
        set({ rows });
        break;
      }
      case 'done':
        set({ summary: event });
        break;
      default:
        break;
    }
  };

  // Subscribe now, not on the first Run: in browser mode the subscription travels over a WebSocket that
  // opens asynchronously, and a run's first events would beat it.
  unsubscribe ??= api.on('runner.progress', (payload) => onEvent(payload.runId, payload.event));

  return {
    runId: null,
    collectionName: '',
    total: 0,
    done: 0,
    rows: [],
    summary: null,
    error: null,
    async start(input) {
      unsubscribe ??= api.on('runner.progress', (payload) => onEvent(payload.runId, payload.event));
      set({ runId: null, rows: [], done: 0, total: 0, summary: null, error: null });
      try {
        early = [];
        const { runId } = await api.runner.start(input);
        set({ runId });
        const replay = early;
        early = [];
        for (const e of replay) onEvent(e.runId, e.event);
      } catch (error) {
        set({ error: errorText(error) });
      }
    },
    async cancel() {
      const runId = get().runId;
      if (runId) await api.runner.cancel({ runId });
    },
  };
});
