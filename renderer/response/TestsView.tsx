import { useUi } from '../stores/ui-store.js';
import { EmptyState } from '../ui/EmptyState.js';

/**
 * A single send does not report its test results over the contract yet (`requests.send` returns the
 * response only); the runner does, per assertion.
 */
export function TestsView() {
  return (
    <EmptyState title="Test results come from the Runner" testId="response-tests">
      <p>Run this request’s collection or folder to see each test’s assertions pass or fail.</p>
      <button type="button" className="btn small" onClick={() => useUi.getState().openRunner(null)}>
        Open the Runner
      </button>
    </EmptyState>
  );
}
