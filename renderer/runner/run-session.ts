import type { StateCreator } from 'zustand';
import type { PosternApi, RunEventView, Subscription } from '../../src/api/index.js';
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

export type RunInput = Parameters<PosternApi['runner']['start']>[0];

export interface RunState {
  runId: string | null;
  collectionName: string;
  total: number;
  done: number;
  rows: RunRow[];
  summary: DoneEvent | null;
  error: string | null;
  start(input: RunInput): Promise<void>;
  cancel(): Promise<void>;
}

/** What a run needs of the contract (the whole PosternApi fits; tests pass one over a real agent). */
export type RunApi = Pick<PosternApi, 'on' | 'runner'>;

/**
 * The collection run in progress (or last finished), built from `runner.progress` events. Each run
 * subscribes first and calls `runner.start` only once the subscription is confirmed (`ready`), so its
 * first events (start, the first request) are never lost, however fast that request answers. Events
 * that arrive before `runner.start` has answered with the run id are kept and replayed by id.
 */
export function runState(api: RunApi): StateCreator<RunState> {
  return (set, get) => {
    let subscription: Subscription | null = null;
    let early: { runId: string; event: RunEventView }[] = [];

    const stopListening = (): void => {
      subscription?.();
      subscription = null;
    };

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
        case 'request':
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
          stopListening();
          break;
        default:
          break;
      }
    };

    return {
      runId: null,
      collectionName: '',
      total: 0,
      done: 0,
      rows: [],
      summary: null,
      error: null,
      async start(input) {
        stopListening();
        early = [];
        set({ runId: null, collectionName: '', rows: [], done: 0, total: 0, summary: null, error: null });
        const live = api.on('runner.progress', (payload) => onEvent(payload.runId, payload.event));
        subscription = live;
        try {
          await live.ready;
          const { runId } = await api.runner.start(input);
          if (subscription !== live) return; // a newer start took over meanwhile
          set({ runId });
          const replay = early;
          early = [];
          for (const e of replay) onEvent(e.runId, e.event);
        } catch (error) {
          if (subscription !== live) return;
          stopListening();
          set({ error: errorText(error) });
        }
      },
      async cancel() {
        const runId = get().runId;
        if (runId) await api.runner.cancel({ runId });
      },
    };
  };
}
