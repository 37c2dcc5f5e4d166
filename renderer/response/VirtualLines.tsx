import { useEffect, useRef, useState } from 'react';
import type { BodyDocument } from './body-document.js';

const LINE_HEIGHT = 18;
const OVERSCAN = 30;
/**
 * Browsers cap an element's height (Chromium near 33.5 million px, about 1.86 million lines here); past
 * this the scroll space is compressed and lines are placed relative to the view instead.
 */
const MAX_SCROLL_HEIGHT = 15_000_000;

/** How far the content has scrolled for a given scrollTop, in full-size pixels. */
function contentOffset(scrollTop: number, clientHeight: number, lineCount: number): number {
  const total = lineCount * LINE_HEIGHT;
  if (total <= MAX_SCROLL_HEIGHT) return scrollTop;
  return (scrollTop * (total - clientHeight)) / (MAX_SCROLL_HEIGHT - clientHeight);
}

interface Props {
  doc: BodyDocument;
  lineCount: number;
  /** Lines to mark (search hits) and the one to scroll to. */
  marked: ReadonlySet<number>;
  focusLine: number | null;
  testId?: string;
}

/** Only the lines in view (plus a margin) are in the DOM; they are fetched from the worker as you scroll. */
export function VirtualLines({ doc, lineCount, marked, focusLine, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ from: 0, to: 0 });
  /** Full-size offset minus scrollTop: 0 unless the scroll space is compressed. */
  const [shift, setShift] = useState(0);
  const [lines, setLines] = useState<{ from: number; lines: string[] }>({ from: 0, lines: [] });

  const measure = (): void => {
    const el = box.current;
    if (!el) return;
    const offset = contentOffset(el.scrollTop, el.clientHeight, lineCount);
    setShift(offset - el.scrollTop);
    const first = Math.floor(offset / LINE_HEIGHT);
    const visible = Math.ceil(el.clientHeight / LINE_HEIGHT);
    const from = Math.max(0, first - OVERSCAN);
    const to = Math.min(lineCount, first + visible + OVERSCAN);
    setRange((r) => (r.from === from && r.to === to ? r : { from, to }));
  };

  useEffect(() => {
    measure();
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
    // measure reads lineCount; re-run when it changes.
  }, [lineCount]);

  useEffect(() => {
    let current = true;
    void doc.lines(range.from, range.to).then((got) => {
      if (current) setLines({ from: range.from, lines: got });
    });
    return () => {
      current = false;
    };
  }, [doc, range]);

  useEffect(() => {
    if (focusLine === null || !box.current) return;
    const el = box.current;
    const wanted = Math.max(0, focusLine * LINE_HEIGHT - el.clientHeight / 3);
    const total = lineCount * LINE_HEIGHT;
    el.scrollTop = total <= MAX_SCROLL_HEIGHT ? wanted : (wanted * (MAX_SCROLL_HEIGHT - el.clientHeight)) / (total - el.clientHeight);
  }, [focusLine]);

  const gutterWidth = `${String(lineCount).length + 1}ch`;
  return (
    <div className="virtual-lines" ref={box} onScroll={measure} data-testid={testId} tabIndex={0}>
      <div className="virtual-spacer" style={{ height: `${Math.min(lineCount * LINE_HEIGHT, MAX_SCROLL_HEIGHT)}px` }}>
        {lines.lines.map((text, i) => {
          const n = lines.from + i;
          return (
            <div key={n} className={marked.has(n) ? (n === focusLine ? 'vline hit focus' : 'vline hit') : 'vline'} style={{ top: `${n * LINE_HEIGHT - shift}px` }}>
              <span className="vline-no" style={{ width: gutterWidth }}>
                {n + 1}
              </span>
              <span className="vline-text">{text === '' ? ' ' : text}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
