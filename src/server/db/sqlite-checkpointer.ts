/**
 * Runs SQLite WAL checkpoints in a worker thread. better-sqlite3 is synchronous, so SQLite's automatic
 * checkpoint (which copies the WAL into the database and fsyncs it inside whichever commit crosses
 * `wal_autocheckpoint`) stalls the event loop for tens of milliseconds. Instead the main connection
 * turns it off and a worker with its own connection to the same file runs `wal_checkpoint(PASSIVE)`
 * on a timer. While commits keep landing, such a checkpoint never copies the very last frame, and the
 * WAL restarts only once every frame is copied: past a size the worker leaves those few frames to the
 * writer (see `onBehind`). If the worker cannot run, the main connection gets its automatic checkpoint
 * back.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { ServerError } from '../errors.js';

export interface CheckpointResult {
  /** The checkpoint could not get its lock (another checkpoint was running). */
  readonly busy: boolean;
  /** Frames in the WAL (-1 when the database is not in WAL mode). */
  readonly walFrames: number;
  /** Of those, how many are now in the database file. */
  readonly checkpointedFrames: number;
}

export interface CheckpointerOptions {
  /** How often the worker checkpoints (it skips a round when the WAL has not changed). */
  readonly intervalMs?: number;
  /** WAL size (frames) from which a checkpoint the worker cannot complete is reported by `onBehind`. */
  readonly behindFrames?: number;
  /** Where to load better-sqlite3 from in the worker; tests give a bad one to make it fail. */
  readonly driverPath?: string;
}

export interface Checkpointer {
  /** True from the start until it is closed or fails. */
  readonly running: boolean;
  checkpointNow(): Promise<CheckpointResult>;
  /** Stops the worker and waits for it to exit (its connection closed). */
  close(): Promise<void>;
  /** Called once if the worker cannot start or dies; at once if it already has. */
  onFailure(listener: (error: Error) => void): void;
  /**
   * Called when the worker's timed checkpoint left frames behind in a WAL of `behindFrames` or more.
   * SQLite restarts the WAL only after a checkpoint has copied every frame, and a PASSIVE checkpoint
   * in another thread never does while commits keep landing during it: only the writer can finish.
   * The worker's timed checkpoints wait (so as not to hold the checkpoint lock) until the listeners
   * have settled.
   */
  onBehind(listener: (result: CheckpointResult) => void | Promise<void>): void;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 250;
/** About 32 MiB of 4 KiB pages: under the journal size limit, eight times SQLite's autocheckpoint. */
export const DEFAULT_BEHIND_FRAMES = 8000;
/** SQLite's own default, restored when the worker cannot checkpoint for us. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
/** After a checkpoint resets the WAL, SQLite truncates the file back to this size. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

type ToWorker = { readonly kind: 'checkpoint'; readonly id: number } | { readonly kind: 'resume' } | { readonly kind: 'close' };
type FromWorker =
  | { readonly kind: 'result'; readonly id: number; readonly result: CheckpointResult }
  | { readonly kind: 'behind'; readonly result: CheckpointResult };

// Plain CommonJS: a Worker cannot load the .ts sources vitest runs, and eval workers have `require`.
// Any SQLite error is thrown out of the worker, which ends it: the main side then falls back.
// The WAL is only stat()ed, never opened: opening and closing another descriptor on a SQLite file
// would drop the POSIX locks this process's connections hold on it.
const WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
let settledStamp = null;
let waitingForWriter = false;
function walStamp() {
  try {
    const stat = statSync(workerData.file + '-wal', { bigint: true });
    return stat.size + ':' + stat.mtimeNs;
  } catch {
    return 'none';
  }
}
function pass() {
  const row = db.pragma('wal_checkpoint(PASSIVE)')[0];
  return { busy: row.busy !== 0, walFrames: row.log, checkpointedFrames: row.checkpointed };
}
// A pass counts the frames there were when it began, and the main connection keeps committing: only
// a pass that finds no more frames than the one before has copied the last one (and so lets the next
// commit restart the WAL). Each pass copies just what came during the previous one.
function checkpoint() {
  let stamp = walStamp();
  let result = pass();
  let caughtUp = false;
  for (let passes = 1; passes < 4 && !caughtUp && !result.busy; passes++) {
    const nextStamp = walStamp();
    const next = pass();
    caughtUp = !next.busy && next.walFrames === result.walFrames && next.checkpointedFrames === next.walFrames;
    stamp = nextStamp;
    result = next;
  }
  settledStamp = caughtUp ? stamp : null;
  return { result, caughtUp };
}
const timer = setInterval(() => {
  if (waitingForWriter || walStamp() === settledStamp) return;
  const { result, caughtUp } = checkpoint();
  if (!caughtUp && result.walFrames >= workerData.behindFrames) {
    waitingForWriter = true;
    parentPort.postMessage({ kind: 'behind', result });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.kind === 'checkpoint') {
    parentPort.postMessage({ kind: 'result', id: message.id, result: checkpoint().result });
  } else if (message.kind === 'resume') {
    waitingForWriter = false;
  } else if (message.kind === 'close') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

/** Starts a checkpoint worker for the SQLite file `file` (which must exist and be in WAL mode). */
export function startCheckpointer(file: string, options: CheckpointerOptions = {}): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file: resolve(file),
      intervalMs: options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
      behindFrames: options.behindFrames ?? DEFAULT_BEHIND_FRAMES,
      driverPath: options.driverPath ?? createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });

  let state: 'running' | 'closing' | 'ended' = 'running';
  let failure: Error | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve(result: CheckpointResult): void; reject(error: Error): void }>();
  const failureListeners: ((error: Error) => void)[] = [];
  const behindListeners: ((result: CheckpointResult) => void | Promise<void>)[] = [];
  let workerError: unknown;
  let markExited: () => void = () => undefined;
  const exited = new Promise<void>((done) => (markExited = done));

  worker.on('message', (message: FromWorker) => {
    if (message.kind === 'behind') {
      void Promise.allSettled(behindListeners.map(async (listener) => listener(message.result))).then(() => {
        if (state === 'running') send({ kind: 'resume' });
      });
      return;
    }
    const request = pending.get(message.id);
    pending.delete(message.id);
    if (pending.size === 0 && state === 'running') worker.unref();
    request?.resolve(message.result);
  });
  worker.on('error', (error: unknown) => {
    workerError = error;
  });
  worker.on('exit', (code) => {
    const asked = state === 'closing';
    state = 'ended';
    const reason = workerError !== undefined ? describe(workerError) : `exited with code ${code}`;
    const error = new ServerError('INTERNAL', `SQLite checkpoint worker for ${file} stopped: ${reason}`, {}, { cause: workerError });
    for (const request of pending.values()) request.reject(error);
    pending.clear();
    if (!asked) {
      failure = error;
      for (const listener of failureListeners.splice(0)) listener(error);
    }
    markExited();
  });

  // Never what keeps a process alive, except while someone awaits an answer. After the listeners:
  // adding a 'message' listener refs the worker again (nodejs/node#53036).
  worker.unref();

  const send = (message: ToWorker): void => worker.postMessage(message);
  return {
    get running() {
      return state === 'running';
    },
    checkpointNow() {
      if (state !== 'running') {
        return Promise.reject(failure ?? new ServerError('INTERNAL', `SQLite checkpoint worker for ${file} is closed`));
      }
      const id = nextId++;
      return new Promise<CheckpointResult>((resolveResult, reject) => {
        pending.set(id, { resolve: resolveResult, reject });
        worker.ref();
        send({ kind: 'checkpoint', id });
      });
    },
    async close() {
      if (state === 'running') {
        state = 'closing';
        worker.ref();
        send({ kind: 'close' });
      }
      await exited;
    },
    onFailure(listener) {
      if (failure !== undefined) listener(failure);
      else if (state === 'running') failureListeners.push(listener);
    },
    onBehind(listener) {
      behindListeners.push(listener);
    },
  };
}

/**
 * Hands the checkpoints of `handle` (an open WAL-mode connection to `file`) to a worker: turns off the
 * automatic checkpoint and bounds the WAL file's size. When the worker falls behind, the main
 * connection copies the few frames left (a short checkpoint, against ~25 ms for SQLite's own) so the
 * WAL can restart. If the worker cannot start or dies, the automatic checkpoint comes back, so the WAL
 * never grows without bound. Null when the worker could not even be created.
 */
export function attachCheckpointer(handle: BetterSqlite3.Database, file: string, options: CheckpointerOptions = {}): Checkpointer | null {
  const restoreAutocheckpoint = (): void => {
    try {
      if (handle.open) handle.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    } catch {
      setTimeout(restoreAutocheckpoint, 5).unref(); // a statement is mid-iteration on this connection
    }
  };
  handle.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  handle.pragma('wal_autocheckpoint = 0');
  let checkpointer: Checkpointer;
  try {
    checkpointer = startCheckpointer(file, options);
  } catch {
    restoreAutocheckpoint();
    return null;
  }
  checkpointer.onFailure(restoreAutocheckpoint);
  // The writer copies the last few frames itself, between transactions: never inside one that a
  // Kysely transaction keeps open across awaits (it would checkpoint only up to that snapshot).
  checkpointer.onBehind(
    () =>
      new Promise<void>((done) => {
        const finish = (): void => {
          if (handle.open && checkpointer.running && handle.inTransaction) {
            setTimeout(finish, 5).unref();
            return;
          }
          try {
            if (handle.open && checkpointer.running) handle.pragma('wal_checkpoint(PASSIVE)');
          } catch {
            // A statement is mid-iteration on this connection: the worker reports again next round.
          }
          done();
        };
        setImmediate(finish).unref();
      }),
  );
  return checkpointer;
}

/** A worker's error arrives structured-cloned: better-sqlite3's SqliteError keeps only its `code`. */
function describe(error: unknown): string {
  const fields = typeof error === 'object' && error !== null ? (error as { message?: unknown; code?: unknown }) : {};
  const text = typeof fields.message === 'string' && fields.message !== '' ? fields.message : typeof fields.code === 'string' ? fields.code : String(error);
  return text.split('\n')[0] ?? text;
}
