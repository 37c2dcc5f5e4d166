import type { ResponseView } from '../../src/api/index.js';

/** What happened on the way: the request as sent, redirects, unresolved variables and warnings. */
export function ConsoleView({ response }: { response: ResponseView }) {
  return (
    <div className="console" data-testid="response-console">
      {response.redirects.map((r, i) => (
        <div key={`r${i}`} className="console-line">
          <span className="console-tag">redirect</span>
          <code>
            {r.status} {r.method} {r.url} → {r.location}
          </code>
        </div>
      ))}
      <div className="console-line">
        <span className="console-tag">sent</span>
        <code>
          {response.method} {response.finalUrl}
        </code>
      </div>
      {response.unresolvedVariables.length > 0 && (
        <div className="console-line warn">
          <span className="console-tag">variables</span>
          Not defined in any scope, sent as written: {response.unresolvedVariables.map((v) => `{{${v}}}`).join(', ')}
        </div>
      )}
      {response.warnings.map((w, i) => (
        <div key={`w${i}`} className="console-line warn">
          <span className="console-tag">warning</span>
          {w}
        </div>
      ))}
    </div>
  );
}
