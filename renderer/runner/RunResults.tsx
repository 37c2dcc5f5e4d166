import { MethodBadge } from '../ui/MethodBadge.js';
import { useRun } from './run-store.js';

/** Live progress, then each request with its assertions; failures stand out. */
export function RunResults() {
  const { runId, total, done, rows, summary, collectionName } = useRun();
  if (!runId && rows.length === 0) return <div className="run-results muted pad">Choose what to run and press Run. Results appear here as they happen.</div>;
  const failedAssertions = rows.reduce((n, r) => n + r.assertions.filter((a) => a.error).length, 0);
  const passedAssertions = rows.reduce((n, r) => n + r.assertions.filter((a) => !a.error && !a.skipped).length, 0);
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : summary ? 100 : 0;
  return (
    <div className="run-results" data-testid="run-results">
      <div className="run-summary">
        <strong>{collectionName}</strong>
        <span data-testid="run-progress">
          {done} / {total || '?'} requests
        </span>
        <span className="good" data-testid="run-passed">{passedAssertions} passed</span>
        <span className={failedAssertions > 0 ? 'bad' : 'muted'} data-testid="run-failed">{failedAssertions} failed</span>
        {summary && (
          <span className="muted" data-testid="run-done">
            {summary.stopped ? `Stopped (${summary.stopped})` : 'Finished'} in {Math.round(summary.durationMs)} ms
          </span>
        )}
      </div>
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      {summary?.error && <p className="error-text">{summary.error.message}</p>}
      <ol className="run-rows">
        {rows.map((r) => {
          const res = r.request.response;
          const failed = r.request.error !== undefined || r.assertions.some((a) => a.error);
          return (
            <li key={r.key} className={failed ? 'run-row failed' : 'run-row'} data-testid="run-row">
              <div className="run-row-head">
                <MethodBadge method={r.request.request?.method ?? 'GET'} />
                <span className="strong">{r.request.item.path}</span>
                <span className="muted small mono">{r.request.request?.url}</span>
                <span className="spacer" />
                {res ? (
                  <span className={res.code < 400 ? 'status-chip ok' : 'status-chip bad'}>
                    {res.code} {res.status} · {Math.round(res.responseTimeMs)} ms
                  </span>
                ) : (
                  <span className="status-chip bad">{r.request.error?.message ?? 'no response'}</span>
                )}
                {r.iteration > 0 && <span className="muted small">#{r.iteration + 1}</span>}
              </div>
              {r.assertions.length > 0 && (
                <ul className="assertions">
                  {r.assertions.map((a) => (
                    <li key={a.index} className={a.skipped ? 'skipped' : a.error ? 'fail' : 'pass'} data-testid="run-assertion">
                      <span className="assert-mark">{a.skipped ? '–' : a.error ? '✗' : '✓'}</span> {a.assertion}
                      {a.error && <span className="muted small"> — {a.error.message}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
