import { useEffect, useState } from 'react';
import type { ResponseView } from '../../src/api/index.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { BodyDocument } from './body-document.js';
import type { BodyKind } from './worker-protocol.js';

/** Pages fetched after the first; large enough that a 50 MB body is a handful of calls. */
const PAGE_BYTES = 8 * 1024 * 1024;
/** The view loads at most this much; the rest stays in main (a note says so). */
export const MAX_VIEW_BYTES = 128 * 1024 * 1024;

export interface BodyState {
  doc: BodyDocument | null;
  lineCount: number;
  loadedBytes: number;
  loading: boolean;
  formatted: boolean;
  note: string | null;
  error: string | null;
}

export function bodyKind(response: ResponseView): BodyKind {
  const type = response.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1].toLowerCase() ?? '';
  if (type.includes('json')) return 'json';
  if (type.includes('xml') || type.includes('html')) return 'xml';
  const start = response.body.data.trimStart()[0];
  return start === '{' || start === '[' ? 'json' : 'text';
}

/**
 * The response body, paged in from main through `requests.body` and handed to a worker that formats
 * and indexes it; nothing here walks the whole text on the UI thread.
 */
export function useBodyDocument(response: ResponseView, pretty: boolean): BodyState {
  const [state, setState] = useState<BodyState>({ doc: null, lineCount: 0, loadedBytes: 0, loading: true, formatted: false, note: null, error: null });

  useEffect(() => {
    if (response.body.encoding !== 'text') {
      setState({ doc: null, lineCount: 0, loadedBytes: response.body.length, loading: false, formatted: false, note: null, error: null });
      return;
    }
    const doc = new BodyDocument();
    let cancelled = false;
    setState((s) => ({ ...s, loading: true, doc: null }));
    void (async () => {
      try {
        await doc.append(response.body.data);
        let offset = response.body.offset + response.body.length;
        let truncated = response.body.truncated;
        while (truncated && offset < MAX_VIEW_BYTES && !cancelled) {
          const page = await api.requests.body({ responseId: response.responseId, offset, length: PAGE_BYTES });
          if (page.encoding !== 'text' || page.length === 0) break;
          await doc.append(page.data);
          offset = page.offset + page.length;
          truncated = page.truncated;
        }
        if (cancelled) return;
        const done = await doc.finish(pretty, bodyKind(response));
        if (cancelled) return;
        const cut = truncated ? `Showing the first ${Math.round(offset / 1048576)} MB of ${Math.round(response.body.totalSize / 1048576)} MB` : null;
        setState({ doc, lineCount: done.lineCount, loadedBytes: offset, loading: false, formatted: done.formatted, note: [done.note, cut].filter(Boolean).join(' · ') || null, error: null });
      } catch (error) {
        if (!cancelled) setState((s) => ({ ...s, loading: false, error: `The body could not be loaded: ${errorText(error)}` }));
      }
    })();
    return () => {
      cancelled = true;
      doc.dispose();
    };
  }, [response, pretty]);

  return state;
}
