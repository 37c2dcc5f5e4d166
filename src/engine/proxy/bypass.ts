import net from 'node:net';

/**
 * Whether `host`:`port` skips the proxy. Entries follow curl's NO_PROXY with the common extensions:
 * `*` (everything), `example.com` (that host and its subdomains), `.example.com` / `*.example.com`
 * (the same), `host:port` (that port only), IP literals and IPv4/IPv6 CIDR blocks (`10.0.0.0/8`).
 * Name matching is on label boundaries: `example.com` never matches `badexample.com`.
 */
export function bypassesProxy(entries: readonly string[], host: string, port: number): boolean {
  const name = normalise(host);
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const { pattern, entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (pattern.includes('/')) {
      if (inCidr(name, pattern)) return true;
      continue;
    }
    const domain = normalise(pattern.replace(/^\*?\./, ''));
    if (domain === '') continue;
    if (name === domain) return true;
    if (!net.isIP(domain) && name.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitPort(entry: string): { pattern: string; entryPort?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { pattern: bracketed[1] as string, ...(bracketed[2] ? { entryPort: Number(bracketed[2]) } : {}) };
  if (net.isIPv6(entry.split('/')[0] ?? '')) return { pattern: entry };
  const match = /^(.*):(\d+)$/.exec(entry);
  return match ? { pattern: match[1] as string, entryPort: Number(match[2]) } : { pattern: entry };
}

function inCidr(address: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const family = net.isIP(address);
  const baseFamily = net.isIP(base ?? '');
  if (!family || family !== baseFamily || !base) return false;
  const bits = Number(bitsText);
  if (!Number.isInteger(bits)) return false;
  const list = new net.BlockList();
  try {
    list.addSubnet(base, bits, family === 6 ? 'ipv6' : 'ipv4');
  } catch {
    return false;
  }
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function normalise(host: string): string {
  let h = host.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}
