import type { ResponseView } from '../../src/api/index.js';
import { scriptPlaceLabel } from './TestsView.js';

/** Lines the Console tab counts: script output, unresolved variables and warnings. */
export function consoleCount(response: ResponseView): number {
  return (response.scripts?.console.length ?? 0) + response.warnings.length + (response.unresolvedVariables.length > 0 ? 1 : 0);
}

/**
 * What happened on the way: pre-request scripts' output, the request as sent, redirects, unresolved
 * variables and warnings, then test scripts' output. Secret values arrive masked.
 */
export function ConsoleView({ response }: { response: ResponseView }) {
  const lines = response.scripts?.console ?? [];
  const before = lines.filter((l) => l.script.event === 'prerequest');
  const after = lines.filter((l) => l.script.event === 'test');
  const scriptLine = (line: (typeof lines)[number], key: string) => (
    <div key={key} className={`console-line${line.level === 'warn' || line.level === 'error' ? ' warn' : ''}`} data-testid="console-script-line" title={scriptPlaceLabel(line.script)}>
      <span className="console-tag">{line.level}</span>
      <code className="console-message">{line.message}</code>
      <span className="muted small console-place">{line.script.location}</span>
    </div>
  );
  return (
    <div className="console" data-testid="response-console">
      {before.map((line, i) => scriptLine(line, `p${i}`))}
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
      {after.map((line, i) => scriptLine(line, `t${i}`))}
    </div>
  );
}
