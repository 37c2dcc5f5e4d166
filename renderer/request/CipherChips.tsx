import { useState } from 'react';

/** Cipher suites in preference order: drag a chip (or use the arrows) to reorder, × to remove. */
export function CipherChips({ ciphers, onChange, disabled }: { ciphers: readonly string[]; onChange: (ciphers: string[]) => void; disabled?: boolean }) {
  const [adding, setAdding] = useState('');
  const [dragged, setDragged] = useState<number | null>(null);
  const move = (from: number, to: number): void => {
    if (to < 0 || to >= ciphers.length || from === to) return;
    const next = [...ciphers];
    const [chip] = next.splice(from, 1);
    if (chip !== undefined) next.splice(to, 0, chip);
    onChange(next);
  };
  const add = (): void => {
    const names = adding
      .split(/[\s,:]+/)
      .map((s) => s.trim())
      .filter((s) => s !== '' && !ciphers.includes(s));
    if (names.length > 0) onChange([...ciphers, ...names]);
    setAdding('');
  };
  return (
    <div className="cipher-chips" data-testid="cipher-chips">
      <ol className="chips">
        {ciphers.map((c, i) => (
          <li
            key={c}
            className="chip"
            draggable={!disabled}
            onDragStart={() => setDragged(i)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => {
              if (dragged !== null) move(dragged, i);
              setDragged(null);
            }}
            data-testid="cipher-chip"
          >
            <span className="chip-order">{i + 1}</span>
            <code>{c}</code>
            {!disabled && (
              <>
                <button type="button" className="chip-btn" aria-label={`Move ${c} earlier`} onClick={() => move(i, i - 1)}>
                  ‹
                </button>
                <button type="button" className="chip-btn" aria-label={`Move ${c} later`} onClick={() => move(i, i + 1)}>
                  ›
                </button>
                <button type="button" className="chip-btn" aria-label={`Remove ${c}`} onClick={() => onChange(ciphers.filter((x) => x !== c))}>
                  ×
                </button>
              </>
            )}
          </li>
        ))}
        {ciphers.length === 0 && <li className="muted small">Default OpenSSL order</li>}
      </ol>
      {!disabled && (
        <input
          className="input small-input"
          placeholder="Add cipher, e.g. TLS_AES_256_GCM_SHA384 or ECDHE-RSA-AES128-GCM-SHA256"
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
          onBlur={add}
          data-testid="cipher-add"
        />
      )}
    </div>
  );
}
