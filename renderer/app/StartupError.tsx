import { browserMode } from '../api.js';

/** Shown instead of the app when the workspace cannot be loaded at all. */
export function StartupError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="startup-error" role="alert" data-testid="startup-error">
      <h1>Postern could not open your workspace</h1>
      <p className="error-text">{message}</p>
      {browserMode && <p className="muted">In browser mode, open the URL that <code>postern web</code> printed, with its token, while it is running.</p>}
      <button type="button" className="btn primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
