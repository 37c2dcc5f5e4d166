import { useState } from 'react';

/** Rename in place: Enter keeps, Escape or an empty name cancels. */
export function InlineRename({ value, onDone }: { value: string; onDone: (name: string | null) => void }) {
  const [text, setText] = useState(value);
  const finish = (keep: boolean): void => onDone(keep && text.trim() !== '' && text.trim() !== value ? text.trim() : null);
  return (
    <input
      className="input rename"
      autoFocus
      value={text}
      onChange={(e) => setText(e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onBlur={() => finish(true)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') finish(true);
        else if (e.key === 'Escape') finish(false);
      }}
      data-testid="rename-input"
    />
  );
}
