import type { ReactNode } from 'react';
import { useUi } from '../stores/ui-store.js';

/** A dialog over the window; clicking outside or Escape closes it. */
export function Modal({ title, children, wide, testId }: { title: string; children: ReactNode; wide?: boolean; testId?: string }) {
  const close = (): void => useUi.getState().open(null);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className={wide ? 'modal wide' : 'modal'} role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <div className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="btn ghost icon" aria-label="Close" onClick={close}>
            ✕
          </button>
        </div>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}
