import { useEffect, useRef, useState } from 'react';

export interface MenuAction {
  label: string;
  run: () => void;
  danger?: boolean;
}

/** The "⋯" menu of a tree row. */
export function RowMenu({ actions, testId }: { actions: readonly MenuAction[]; testId?: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="row-menu" ref={ref}>
      <button
        type="button"
        className="btn ghost icon small row-menu-button"
        aria-label="More actions"
        onClick={(e) => {
          e.stopPropagation();
          setOpen(!open);
        }}
        data-testid={testId}
      >
        ⋯
      </button>
      {open && (
        <ul className="menu" role="menu">
          {actions.map((a) => (
            <li key={a.label}>
              <button
                type="button"
                role="menuitem"
                className={a.danger ? 'menu-item danger' : 'menu-item'}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpen(false);
                  a.run();
                }}
                data-testid={`menu-${a.label.toLowerCase().replace(/[^a-z]+/g, '-')}`}
              >
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
