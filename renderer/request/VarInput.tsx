import { useRef, useState, type ReactNode } from 'react';
import type { KnownVariable } from '../stores/variables-store.js';

interface Props {
  value: string;
  onChange: (value: string) => void;
  known: Map<string, KnownVariable>;
  placeholder?: string;
  className?: string;
  testId?: string;
  onEnter?: () => void;
  ariaLabel?: string;
}

const VARIABLE = /\{\{([^{}]*)\}\}/g;

interface Hover {
  name: string;
  left: number;
}

/**
 * A one-line input that colours `{{variables}}`: known ones in the accent colour with their value on
 * hover, unknown ones marked. The text is drawn by an overlay kept scrolled with the input.
 */
export function VarInput({ value, onChange, known, placeholder, className, testId, onEnter, ariaLabel }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const overlay = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const sync = (): void => {
    if (overlay.current && input.current) overlay.current.scrollLeft = input.current.scrollLeft;
  };

  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of value.matchAll(VARIABLE)) {
    const start = match.index;
    if (start > last) parts.push(value.slice(last, start));
    const name = (match[1] ?? '').trim();
    const isKnown = known.has(name) || name.startsWith('$');
    parts.push(
      <span
        key={start}
        className={isKnown ? 'var known' : 'var unknown'}
        data-testid={isKnown ? 'var-known' : 'var-unknown'}
        onMouseEnter={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const host = overlay.current?.getBoundingClientRect();
          setHover({ name, left: box.left - (host?.left ?? 0) });
        }}
        onMouseLeave={() => setHover(null)}
        onMouseDown={(e) => {
          e.preventDefault();
          input.current?.focus();
        }}
      >
        {match[0]}
      </span>,
    );
    last = start + match[0].length;
  }
  if (last < value.length) parts.push(value.slice(last));

  const hovered = hover ? known.get(hover.name) : undefined;
  return (
    <div className={`var-input ${className ?? ''}`}>
      <input
        ref={input}
        className="var-input-field"
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        aria-label={ariaLabel}
        onChange={(e) => onChange(e.target.value)}
        onScroll={sync}
        onKeyUp={sync}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && onEnter) onEnter();
        }}
        data-testid={testId}
      />
      <div ref={overlay} className="var-input-overlay" aria-hidden="true">
        {parts}
      </div>
      {hover && (
        <div className="var-tooltip" style={{ left: `${Math.max(0, hover.left)}px` }} role="tooltip" data-testid="var-tooltip">
          {hover.name.startsWith('$') ? (
            <span>Dynamic variable: a new value each send</span>
          ) : hovered ? (
            <>
              <span className="muted">{hovered.scope}</span>
              <code>{hovered.value === null ? '•••••• (secret)' : hovered.value === '' ? '(empty)' : hovered.value}</code>
            </>
          ) : (
            <span className="error-text">Not defined in any scope: sent as written</span>
          )}
        </div>
      )}
    </div>
  );
}
