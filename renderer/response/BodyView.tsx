import { useEffect, useMemo, useState } from 'react';
import type { ResponseView } from '../../src/api/index.js';
import { useUi } from '../stores/ui-store.js';
import { EmptyState } from '../ui/EmptyState.js';
import { BodyPreview } from './BodyPreview.js';
import { VirtualLines } from './VirtualLines.js';
import { useBodyDocument } from './use-body-document.js';

type Mode = 'pretty' | 'raw' | 'preview';

/** The response body: pretty, raw or preview, with search and copy. */
export function BodyView({ response }: { response: ResponseView }) {
  const [mode, setMode] = useState<Mode>('pretty');
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<Uint32Array>(new Uint32Array(0));
  const [hit, setHit] = useState(0);
  const body = useBodyDocument(response, mode === 'pretty');

  useEffect(() => {
    setHit(0);
    if (!body.doc || query === '') {
      setMatches(new Uint32Array(0));
      return;
    }
    let current = true;
    const timer = window.setTimeout(() => {
      void body.doc?.search(query).then((found) => current && setMatches(found));
    }, 150);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [body.doc, query]);

  const marked = useMemo(() => new Set(matches), [matches]);
  const focusLine = matches.length > 0 ? (matches[hit % matches.length] ?? null) : null;

  const copy = async (): Promise<void> => {
    const text = body.doc ? await body.doc.text() : response.body.data;
    try {
      await navigator.clipboard.writeText(text);
      useUi.getState().toast('Body copied');
    } catch {
      useUi.getState().toast('The clipboard is not available here', { tone: 'error' });
    }
  };

  if (response.body.totalSize === 0) return <EmptyState title="Empty body" testId="response-body-empty">The server sent no body ({response.status} {response.statusText}).</EmptyState>;

  return (
    <div className="body-view">
      <div className="body-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Body view">
          {(['pretty', 'raw', 'preview'] as const).map((m) => (
            <button key={m} type="button" className={m === mode ? 'seg active' : 'seg'} onClick={() => setMode(m)} data-testid={`body-view-${m}`}>
              {m[0]?.toUpperCase()}
              {m.slice(1)}
            </button>
          ))}
        </div>
        {mode !== 'preview' && (
          <div className="body-search">
            <input
              className="input small-input"
              placeholder="Find in body"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && setHit((h) => h + (e.shiftKey ? matches.length - 1 : 1))}
              data-testid="body-search"
            />
            {query !== '' && (
              <span className="muted small" data-testid="body-search-count">
                {matches.length === 0 ? 'no match' : `${(hit % matches.length) + 1} / ${matches.length} lines`}
              </span>
            )}
          </div>
        )}
        <button type="button" className="btn small" onClick={() => void copy()} data-testid="body-copy">
          Copy
        </button>
      </div>
      {body.note && <p className="body-note muted small">{body.note}</p>}
      {body.error && <p className="error-text">{body.error}</p>}
      {mode === 'preview' ? (
        <BodyPreview response={response} />
      ) : response.body.encoding === 'base64' ? (
        <EmptyState title="Binary body">
          {response.body.totalSize.toLocaleString()} bytes that are not text. Use Preview for images.
        </EmptyState>
      ) : body.loading || !body.doc ? (
        <p className="muted pad" data-testid="response-body-loading">
          Formatting {Math.round(response.body.totalSize / 1024).toLocaleString()} KB…
        </p>
      ) : (
        <VirtualLines doc={body.doc} lineCount={body.lineCount} marked={marked} focusLine={focusLine} testId="response-body" />
      )}
    </div>
  );
}
