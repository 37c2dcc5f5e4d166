/**
 * Whether a client certificate configured for `pattern` (a host name, or `*.` followed by a name) and
 * `certPort` may be offered to a server at `host`:`port`.
 *
 * Matching is exact and anchored at both ends: a certificate for `example.com` is never offered to
 * `example.com.evil.test` or `evil-example.com`, and `*.example.com` covers exactly one label
 * (`api.example.com`, not `example.com` nor `a.b.example.com`). A missing port means 443.
 */
export function clientCertMatchesHost(
  pattern: string,
  certPort: number | undefined,
  host: string,
  port: number,
): boolean {
  if ((certPort ?? 443) !== port) return false;
  const wanted = normaliseHost(pattern);
  const actual = normaliseHost(host);
  if (wanted === '' || actual === '') return false;
  if (!wanted.startsWith('*.')) return wanted === actual;
  const suffix = wanted.slice(1); // ".example.com"
  if (!actual.endsWith(suffix)) return false;
  const label = actual.slice(0, actual.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

/** Lower case, no trailing dot, no IPv6 brackets. */
function normaliseHost(name: string): string {
  let host = name.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}
