import type { ResponseView } from '../../src/api/index.js';
import { EmptyState } from '../ui/EmptyState.js';

export interface CookieRow {
  name: string;
  value: string;
  attributes: Record<string, string>;
}

/** Cookies the response set, read from its Set-Cookie headers. */
export function responseCookies(response: ResponseView): CookieRow[] {
  return response.headers
    .filter(([name]) => name.toLowerCase() === 'set-cookie')
    .map(([, header]) => {
      const [pair = '', ...rest] = header.split(';');
      const eq = pair.indexOf('=');
      const attributes: Record<string, string> = {};
      for (const part of rest) {
        const [k = '', ...v] = part.split('=');
        if (k.trim() !== '') attributes[k.trim().toLowerCase()] = v.join('=').trim() || 'true';
      }
      return { name: (eq < 0 ? pair : pair.slice(0, eq)).trim(), value: eq < 0 ? '' : pair.slice(eq + 1).trim(), attributes };
    });
}

export function CookiesView({ cookies }: { cookies: readonly CookieRow[] }) {
  if (cookies.length === 0) return <EmptyState title="No cookies">This response set no cookies.</EmptyState>;
  return (
    <table className="data-table" data-testid="response-cookies">
      <thead>
        <tr>
          <th>Name</th>
          <th>Value</th>
          <th>Domain</th>
          <th>Path</th>
          <th>Expires</th>
          <th>HttpOnly</th>
          <th>Secure</th>
        </tr>
      </thead>
      <tbody>
        {cookies.map((c, i) => (
          <tr key={i}>
            <td className="mono strong">{c.name}</td>
            <td className="mono wrap">{c.value}</td>
            <td>{c.attributes['domain'] ?? '—'}</td>
            <td>{c.attributes['path'] ?? '—'}</td>
            <td>{c.attributes['expires'] ?? (c.attributes['max-age'] ? `${c.attributes['max-age']} s` : 'Session')}</td>
            <td>{c.attributes['httponly'] ? 'yes' : 'no'}</td>
            <td>{c.attributes['secure'] ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
