import { useCallback, useState } from 'react';
import { CookiesDialog } from './CookiesDialog.js';

/** The "Cookies" button (as in Postman, beside the request's Send) that opens the cookie manager. */
export function CookiesButton({ className = 'btn ghost' }: { className?: string }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} data-testid="cookies-open">
        Cookies
      </button>
      {open && <CookiesDialog onClose={close} />}
    </>
  );
}
