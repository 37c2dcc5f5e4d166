import { useRef } from 'react';

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** 1-based line to mark as wrong. */
  errorLine?: number | undefined;
  placeholder?: string;
  testId?: string;
  rows?: number;
}

/** A monospace editor with line numbers; a bad line is marked in the gutter and behind the text. */
export function CodeArea({ value, onChange, errorLine, placeholder, testId, rows = 12 }: Props) {
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = value.split('\n').length;
  const numbers = [];
  for (let i = 1; i <= lineCount; i++) {
    numbers.push(
      <div key={i} className={i === errorLine ? 'gutter-line bad' : 'gutter-line'}>
        {i}
      </div>,
    );
  }
  return (
    <div className={errorLine ? 'code-area invalid' : 'code-area'}>
      <div className="gutter" ref={gutter} aria-hidden="true">
        {numbers}
      </div>
      <textarea
        className="code-text"
        spellCheck={false}
        rows={rows}
        value={value}
        placeholder={placeholder}
        aria-invalid={errorLine !== undefined}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Tab') return;
          e.preventDefault();
          const el = e.currentTarget;
          const start = el.selectionStart;
          const next = `${value.slice(0, start)}  ${value.slice(el.selectionEnd)}`;
          onChange(next);
          requestAnimationFrame(() => el.setSelectionRange(start + 2, start + 2));
        }}
        data-testid={testId}
      />
    </div>
  );
}
