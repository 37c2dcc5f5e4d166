import type { RunEventView } from '../api/index.js';
import type { Execution, ItemRef, RunCursor, RunError, RunEvent, StatCounter } from '../runner/index.js';

type Mask = (text: string) => string;

function cursorView(cursor: RunCursor): { iteration: number; iterationCount: number; position: number; length: number } {
  return { iteration: cursor.iteration, iterationCount: cursor.iterationCount, position: cursor.position, length: cursor.length };
}

function itemView(item: ItemRef): { id: string; name: string; path: string } {
  return { id: item.id, name: item.name, path: item.path };
}

/** A run error as the renderer gets it: no stack, secrets masked. */
function errorView(error: RunError, mask: Mask): { name: string; message: string; code?: string } {
  return { name: error.name, message: mask(error.message), ...(error.code === undefined ? {} : { code: error.code }) };
}

function counter(stat: StatCounter): StatCounter {
  return { total: stat.total, pending: stat.pending, failed: stat.failed };
}

function passed(execution: Execution): boolean {
  return execution.requestError === undefined && execution.assertions.every((a) => a.error === undefined) && execution.scripts.every((s) => s.error === null);
}

/** The runner's event as the renderer needs it, or undefined for events it does not show. */
export function runEventView(event: RunEvent, mask: Mask): RunEventView | undefined {
  switch (event.type) {
    case 'start':
      return { type: 'start', collection: { ...event.collection }, iterationCount: event.iterationCount, requestCount: event.requestCount };
    case 'beforeItem':
      return { type: 'beforeItem', cursor: cursorView(event.cursor), item: itemView(event.item) };
    case 'request':
      return {
        type: 'request',
        cursor: cursorView(event.cursor),
        item: itemView(event.item),
        ...(event.request ? { request: { method: event.request.method, url: mask(event.request.url) } } : {}),
        ...(event.response
          ? {
              response: {
                code: event.response.code,
                status: event.response.status,
                headers: event.response.headers.map(([name, value]) => [name, mask(value)] as [string, string]),
                responseTimeMs: event.response.responseTime,
                responseSize: event.response.responseSize,
              },
            }
          : {}),
        ...(event.error ? { error: errorView(event.error, mask) } : {}),
        unresolved: [...event.unresolved],
        warnings: event.warnings.map(mask),
      };
    case 'assertion':
      return {
        type: 'assertion',
        cursor: cursorView(event.cursor),
        item: itemView(event.item),
        index: event.index,
        assertion: mask(event.result.assertion),
        skipped: event.result.skipped,
        ...(event.result.error ? { error: errorView(event.result.error, mask) } : {}),
      };
    case 'item':
      return { type: 'item', cursor: cursorView(event.cursor), item: itemView(event.item), passed: passed(event.execution), skipped: event.execution.skipped };
    case 'done': {
      const { result } = event;
      const stats = result.stats;
      return {
        type: 'done',
        stats: {
          iterations: counter(stats.iterations),
          items: counter(stats.items),
          requests: counter(stats.requests),
          assertions: counter(stats.assertions),
          testScripts: counter(stats.testScripts),
          prerequestScripts: counter(stats.prerequestScripts),
        },
        failures: result.failures.map((f) => ({ item: itemView(f.source), at: f.at, error: errorView(f.error, mask) })),
        durationMs: Math.max(0, result.timings.completed - result.timings.started),
        stopped: result.stopped,
        error: result.error ? errorView(result.error, mask) : null,
      };
    }
    default:
      return undefined;
  }
}
