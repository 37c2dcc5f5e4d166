import { useCallback, useEffect, useState } from 'react';
import type { CookieView, OutputOf } from '../../src/api/index.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import './cookies.css';

type CookieDomain = OutputOf<'cookies.list'>['domains'][number];

function expiry(cookie: CookieView): string {
  if (cookie.expires === null) return 'Session';
  const date = new Date(cookie.expires);
  return Number.isNaN(date.getTime()) ? cookie.expires : date.toLocaleString();
}

function flags(cookie: CookieView): string {
  return [cookie.httpOnly ? 'HttpOnly' : '', cookie.secure ? 'Secure' : '', cookie.sameSite ? `SameSite=${cookie.sameSite}` : ''].filter(Boolean).join(' ');
}

/**
 * The cookie manager (Postman's "Manage Cookies"): the app's jar by domain, each cookie with its path,
 * expiry and flags; delete one cookie or every cookie of a domain. It owns its open state, so it does
 * not need a slot in the window's dialog list.
 */
export function CookiesDialog({ onClose }: { onClose: () => void }) {
  const [domains, setDomains] = useState<CookieDomain[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      const { domains: next } = await api.cookies.list();
      setDomains(next);
      setSelected((current) => (current !== null && next.some((d) => d.domain === current) ? current : (next[0]?.domain ?? null)));
      setError(null);
    } catch (failure) {
      setError(errorText(failure));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const act = async (change: () => Promise<unknown>): Promise<void> => {
    try {
      await change();
    } catch (failure) {
      setError(errorText(failure));
    }
    await load();
  };

  const shown = domains?.find((d) => d.domain === selected);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal wide" role="dialog" aria-modal="true" aria-label="Cookies" data-testid="cookies-dialog">
        <div className="modal-head">
          <h2>Cookies</h2>
          <button type="button" className="btn ghost icon" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        <div className="modal-body">
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          {domains === null ? (
            <p className="muted pad">Loading cookies…</p>
          ) : domains.length === 0 ? (
            <p className="muted pad" data-testid="cookies-empty">
              No cookies yet. Cookies that responses set are kept here and sent with later requests to the same site.
            </p>
          ) : (
            <div className="cookies-body">
              <ul className="cookie-domains" aria-label="Domains">
                {domains.map((d) => (
                  <li key={d.domain}>
                    <button type="button" className="btn ghost small" aria-current={d.domain === selected} onClick={() => setSelected(d.domain)} data-testid="cookie-domain">
                      {d.domain} <span className="muted">({d.cookies.length})</span>
                    </button>
                  </li>
                ))}
              </ul>
              {shown && (
                <div className="cookie-list">
                  <div className="cookie-list-head">
                    <strong>{shown.domain}</strong>
                    <button type="button" className="btn ghost small" onClick={() => void act(() => api.cookies.clear({ domain: shown.domain }))} data-testid="cookie-clear-domain">
                      Clear all for this domain
                    </button>
                  </div>
                  <table>
                    <thead>
                      <tr>
                        <th>Name</th>
                        <th>Value</th>
                        <th>Path</th>
                        <th>Expires</th>
                        <th>Flags</th>
                        <th aria-label="Actions" />
                      </tr>
                    </thead>
                    <tbody>
                      {shown.cookies.map((c) => (
                        <tr key={`${c.path}\u0000${c.name}`} data-testid="cookie-row">
                          <td>{c.name}</td>
                          <td className="cookie-value" title={c.value}>
                            {c.value}
                          </td>
                          <td>{c.path}</td>
                          <td>{expiry(c)}</td>
                          <td className="muted">{flags(c)}</td>
                          <td>
                            <button
                              type="button"
                              className="btn ghost icon small"
                              aria-label={`Delete cookie ${c.name}`}
                              title="Delete"
                              onClick={() => void act(() => api.cookies.delete({ domain: c.domain, path: c.path, name: c.name }))}
                              data-testid="cookie-delete"
                            >
                              ✕
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
