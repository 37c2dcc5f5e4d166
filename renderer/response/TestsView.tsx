import type { ResponseView } from '../../src/api/index.js';
import { EmptyState } from '../ui/EmptyState.js';

type ScriptResults = NonNullable<ResponseView['scripts']>;
type ScriptPlace = ScriptResults['tests'][number]['script'];

const EVENT_LABEL: Readonly<Record<ScriptPlace['event'], string>> = { prerequest: 'Pre-request', test: 'Test' };

/** `Test script · folder “Users”`: which script a result or error came from. */
export function scriptPlaceLabel(place: ScriptPlace): string {
  return `${EVENT_LABEL[place.event]} script · ${place.level} “${place.location}”`;
}

/** "3/4": passed of all tests that ran (skipped ones are not counted); undefined when there were none. */
export function testsBadge(response: ResponseView): string | undefined {
  const tests = response.scripts?.tests.filter((t) => t.status !== 'skipped') ?? [];
  const errors = response.scripts?.errors.length ?? 0;
  if (tests.length === 0 && errors === 0) return undefined;
  const passed = tests.filter((t) => t.status === 'passed').length;
  return errors > 0 ? `${passed}/${tests.length} ⚠` : `${passed}/${tests.length}`;
}

/** Each `pm.test` of the send's test scripts, passed or failed with its message, and any script that failed. */
export function TestsView({ response }: { response: ResponseView }) {
  const results = response.scripts;
  if (!results || (results.tests.length === 0 && results.errors.length === 0)) {
    return (
      <EmptyState title="No tests ran" testId="response-tests">
        <p>Write tests in the request’s Scripts tab (Tests), e.g. <code>pm.test('status is 200', () =&gt; pm.response.to.have.status(200));</code></p>
      </EmptyState>
    );
  }
  const passed = results.tests.filter((t) => t.status === 'passed').length;
  const failed = results.tests.filter((t) => t.status === 'failed').length;
  return (
    <div className="tests-view" data-testid="response-tests">
      <div className="tests-summary" data-testid="tests-summary">
        <span className="status-chip ok">{passed} passed</span>
        {failed > 0 && <span className="status-chip bad">{failed} failed</span>}
        {results.errors.length > 0 && <span className="status-chip bad">{results.errors.length === 1 ? '1 script error' : `${results.errors.length} script errors`}</span>}
      </div>
      {results.errors.map((e, i) => (
        <div key={`e${i}`} className="script-error" role="alert" data-testid="script-error">
          <strong>{scriptPlaceLabel(e.script)}</strong>
          {e.line !== undefined && <span className="muted"> · line {e.line}</span>}
          <div>
            <code>
              {e.name}: {e.message}
            </code>
          </div>
        </div>
      ))}
      <ul className="assertions tests-list">
        {results.tests.map((t, i) => (
          <li key={i} className={t.status === 'passed' ? 'pass' : t.status === 'failed' ? 'fail' : 'skipped'} data-testid="test-result" data-status={t.status}>
            <span className="assert-mark">{t.status === 'skipped' ? '–' : t.status === 'passed' ? '✓' : '✗'}</span> {t.name}
            {t.message !== undefined && <span className="test-message"> — {t.message}</span>}
            <span className="muted small test-place"> {scriptPlaceLabel(t.script)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
