import { useEffect, useRef, useState } from 'react';
import type { BodyDocument } from './body-document.js';

const LINE_HEIGHT = 18;
const OVERSCAN = 30;

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
  const [lines, setLines] = useState<{ from: number; lines: string[] }>({ from: 0, lines: [] });

  const measure = (): void => {
    const el = box.current;
    if (!el) return;
    const first = Math.floor(el.scrollTop / LINE_HEIGHT);
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
    box.current.scrollTop = Math.max(0, focusLine * LINE_HEIGHT - box.current.clientHeight / 3);
  }, [focusLine]);

  const gutterWidth = `${String(lineCount).length + 1}ch`;
  return (
    <div className="virtual-lines" ref={box} onScroll={measure} data-testid={testId} tabIndex={0}>
      <div className="virtual-spacer" style={{ height: `${lineCount * LINE_HEIGHT}px` }}>
        {lines.lines.map((text, i) => {
          const n = lines.from + i;
          return (
            <div key={n} className={marked.has(n) ? (n === focusLine ? 'vline hit focus' : 'vline hit') : 'vline'} style={{ top: `${n * LINE_HEIGHT}px` }}>
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
