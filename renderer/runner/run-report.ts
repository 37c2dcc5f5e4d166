import type { FileText } from '../../src/api/index.js';
import type { RunRow } from './run-store.js';

/** A JSON report of a finished run: summary, then each request with its assertions. */
export function runReport(run: { collectionName: string; rows: readonly RunRow[]; summary: unknown }): FileText {
  const report = {
    collection: run.collectionName,
    exportedAt: new Date().toISOString(),
    summary: run.summary,
    executions: run.rows.map((r) => ({
      iteration: r.iteration,
      item: r.request.item,
      request: r.request.request,
      response: r.request.response ? { code: r.request.response.code, status: r.request.response.status, responseTimeMs: r.request.response.responseTimeMs, responseSize: r.request.response.responseSize } : null,
      error: r.request.error ?? null,
      assertions: r.assertions.map((a) => ({ assertion: a.assertion, passed: !a.error && !a.skipped, skipped: a.skipped, error: a.error?.message ?? null })),
    })),
  };
  const safe = run.collectionName.replace(/[^\w.-]+/g, '_') || 'run';
  return { fileName: `${safe}.postern-run.json`, text: JSON.stringify(report, null, 2) };
}
