/**
 * A forward proxy on loopback for engine tests: CONNECT tunnels (https targets) and absolute-form
 * requests (http targets), optional Basic proxy auth, optionally served over TLS (an HTTPS proxy).
 * It records what it saw so a test can prove traffic really went through it. Targets must end on
 * loopback; `mapTarget` can route a made-up name (e.g. 'api.example.test:443') to a local server so
 * the client still sends that name in CONNECT, Host and SNI.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type tls from 'node:tls';
import type stream from 'node:stream';

export interface ProxyTarget {
  readonly host: string;
  readonly port: number;
}

export interface ProxyOptions {
  /** Demand `Proxy-Authorization: Basic base64(username:password)`; otherwise 407. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Serve the proxy over TLS with these options (at least `cert` and `key`). */
  readonly tls?: https.ServerOptions;
  /** Rewrites a requested target before connecting. The result must be a loopback address. */
  readonly mapTarget?: (target: ProxyTarget) => ProxyTarget;
}

export interface ProxyLog {
  /** CONNECT targets as requested, 'host:port', including refused ones. */
  readonly connects: string[];
  /** Absolute-form request URLs as requested, including refused ones. */
  readonly requests: string[];
  /** Every Proxy-Authorization header value received, in order. */
  readonly authHeaders: string[];
  /** Targets ('host:port' or URL) answered 407 for missing or wrong credentials. */
  readonly denied: string[];
  /**
   * For a TLS proxy started with `requestCert`: per TLS connection to the proxy, the SHA-256 fingerprint
   * of the client certificate presented, or 'none'.
   */
  readonly clientCertificates: string[];
}

export interface RunningProxy {
  readonly port: number;
  /** `http://127.0.0.1:PORT`, or `https://...` for a TLS proxy. */
  readonly url: string;
  readonly seen: ProxyLog;
  /** Empties `seen`. */
  reset(): void;
  /** Stops listening and destroys every client and upstream connection. Safe to call twice. */
  close(): Promise<void>;
}

export const PROXY_REALM = 'postern-test-proxy';

/** Request headers that concern only the client-to-proxy hop. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate']);
const LOOPBACK = new Set(['127.0.0.1', '::1']);

export function startProxy(options: ProxyOptions = {}): Promise<RunningProxy> {
  const seen: ProxyLog = { connects: [], requests: [], authHeaders: [], denied: [], clientCertificates: [] };
  const sockets = new Set<stream.Duplex>();
  const track = (socket: stream.Duplex): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const checkAuth = (req: http.IncomingMessage, what: string): boolean => {
    const header = req.headers['proxy-authorization'];
    if (header !== undefined) seen.authHeaders.push(header);
    if (options.auth === undefined) return true;
    const expected = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
    if (header === expected) return true;
    seen.denied.push(what);
    return false;
  };

  const route = (requested: ProxyTarget): ProxyTarget | null => {
    const mapped = options.mapTarget ? options.mapTarget(requested) : requested;
    const host = mapped.host === 'localhost' ? '127.0.0.1' : mapped.host.replace(/^\[(.*)\]$/, '$1');
    return LOOPBACK.has(host) ? { host, port: mapped.port } : null;
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '';
    if (!/^http:\/\//i.test(url)) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('test proxy: only absolute-form http:// requests or CONNECT');
      return;
    }
    seen.requests.push(url);
    if (!checkAuth(req, url)) {
      res.writeHead(407, { 'proxy-authenticate': `Basic realm="${PROXY_REALM}"`, 'content-type': 'text/plain' });
      res.end('proxy authentication required');
      return;
    }
    const parsed = new URL(url);
    const target = route({ host: parsed.hostname, port: Number(parsed.port || 80) });
    if (target === null) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end(`test proxy: ${parsed.host} is not on loopback`);
      return;
    }
    const upstream = http.request({
      host: target.host,
      port: target.port,
      method: req.method,
      path: `${parsed.pathname}${parsed.search}`,
      // Raw pairs keep the client's header case, order and Host; a flat array is sent as-is.
      headers: withoutHopByHop(req.rawHeaders),
      agent: false,
    });
    upstream.on('socket', track);
    upstream.once('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.rawHeaders));
      answer.pipe(res);
    });
    upstream.once('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`test proxy: upstream failed: ${error.message}`);
    });
    req.pipe(upstream);
  };

  const onConnect = (req: http.IncomingMessage, client: stream.Duplex, head: Buffer): void => {
    const authority = req.url ?? '';
    seen.connects.push(authority);
    client.on('error', () => client.destroy());
    if (!checkAuth(req, authority)) {
      client.end(
        `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="${PROXY_REALM}"\r\n` +
          'Content-Length: 0\r\nConnection: close\r\n\r\n',
      );
      return;
    }
    const requested = parseAuthority(authority);
    const target = requested === null ? null : route(requested);
    if (target === null) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = net.connect({ host: target.host, port: target.port });
    track(upstream);
    let tunnelled = false;
    upstream.once('connect', () => {
      tunnelled = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (tunnelled) client.destroy();
      else client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    client.once('close', () => upstream.destroy());
  };

  const server = options.tls === undefined ? http.createServer(onRequest) : https.createServer(options.tls, onRequest);
  server.on('connect', onConnect);
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    const peer = socket.getPeerCertificate();
    seen.clientCertificates.push(peer && typeof peer.fingerprint256 === 'string' ? peer.fingerprint256 : 'none');
  });
  // The raw TCP socket, before any TLS: covers clients stuck mid-handshake too.
  server.on('connection', track);

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address() as net.AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        port: address.port,
        url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${address.port}`,
        seen,
        reset() {
          for (const list of Object.values(seen) as string[][]) list.length = 0;
        },
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          });
          return closing;
        },
      });
    });
  });
}

/** 'host:port' or '[v6]:port' → target; null if malformed. */
function parseAuthority(authority: string): ProxyTarget | null {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(authority);
  if (match === null) return null;
  return { host: (match[1] ?? '').replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
}

/** Flat raw header list without the hop-by-hop ones. */
function withoutHopByHop(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (!HOP_BY_HOP.has(name.toLowerCase())) kept.push(name, rawHeaders[i + 1] ?? '');
  }
  return kept;
}
