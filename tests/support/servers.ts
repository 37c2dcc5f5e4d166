/**
 * Loopback HTTP and HTTPS servers for integration tests. Each listens on 127.0.0.1 with an ephemeral
 * port and `close()` tears down every open connection too (keep-alive sockets would otherwise hold
 * afterAll open). The default handler echoes the request as JSON so a test can see exactly what the
 * engine sent, over which TLS, with which client certificate.
 */
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import tls from 'node:tls';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface RunningServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  /** The underlying server, for tests that need events (e.g. 'secureConnection'). */
  readonly server: http.Server;
  /** Stops listening and destroys every open connection. Safe to call twice. */
  close(): Promise<void>;
}

/** What the echo handler answers, as JSON. */
export interface EchoReply {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  /** Header name/value pairs exactly as received: original case, order and duplicates. */
  readonly rawHeaders: ReadonlyArray<readonly [string, string]>;
  readonly bodyBase64: string;
  readonly bodyLength: number;
  /** Null on plain HTTP. */
  readonly tls: EchoTls | null;
  /** Null when no client certificate was presented (or on plain HTTP). */
  readonly clientCert: EchoClientCert | null;
}

export interface EchoTls {
  /** e.g. 'TLSv1.3', as `tlsSocket.getProtocol()` says. */
  readonly protocol: string | null;
  /** OpenSSL name, e.g. 'ECDHE-RSA-AES128-GCM-SHA256' or 'TLS_AES_256_GCM_SHA384'. */
  readonly cipher: string;
  readonly servername: string | null;
  readonly alpnProtocol: string | null;
  /** Whether the client certificate verified against the server's `ca`. */
  readonly authorized: boolean;
  readonly authorizationError: string | null;
}

export interface EchoClientCert {
  readonly subjectCN: string;
  readonly issuerCN: string;
  /** Colon-separated uppercase, comparable with `CertBundle.fingerprint256`. */
  readonly fingerprint256: string;
}

/** Reads the whole request body. */
export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** Builds the echo description of a request (exported for handlers that echo and then do more). */
export function describeRequest(req: http.IncomingMessage, body: Buffer): EchoReply {
  const rawHeaders: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    rawHeaders.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
  }
  const socket = req.socket;
  const tlsInfo = socket instanceof tls.TLSSocket ? describeTls(socket) : { tls: null, clientCert: null };
  return {
    method: req.method ?? '',
    url: req.url ?? '',
    httpVersion: req.httpVersion,
    rawHeaders,
    bodyBase64: body.toString('base64'),
    bodyLength: body.length,
    ...tlsInfo,
  };
}

/** Default handler: 200 with the `EchoReply` JSON. */
export const echoHandler: Handler = async (req, res) => {
  const body = await readBody(req);
  const payload = JSON.stringify(describeRequest(req, body));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
};

export function startHttpServer(handler: Handler = echoHandler): Promise<RunningServer> {
  return listen(http.createServer(wrap(handler)), 'http');
}

/**
 * HTTPS server. Pass the usual Node options: `{ cert, key, ca, requestCert, rejectUnauthorized,
 * minVersion, maxVersion, ciphers, honorCipherOrder, pfx, passphrase, ... }`. Mutual TLS that demands a
 * client certificate is `{ ca, requestCert: true, rejectUnauthorized: true }`. TLS 1.0/1.1 need
 * `minVersion: 'TLSv1'` and `ciphers: 'DEFAULT:@SECLEVEL=0'` on OpenSSL 3.
 */
export function startHttpsServer(options: https.ServerOptions, handler: Handler = echoHandler): Promise<RunningServer> {
  return listen(https.createServer(options, wrap(handler)), 'https');
}

function describeTls(socket: tls.TLSSocket): Pick<EchoReply, 'tls' | 'clientCert'> {
  const peer = socket.getPeerCertificate();
  // getPeerCertificate() answers {} when no certificate was sent.
  const hasCert = peer !== null && typeof peer === 'object' && typeof peer.fingerprint256 === 'string';
  const servername = (socket as tls.TLSSocket & { servername?: string | false }).servername;
  const alpn = socket.alpnProtocol;
  return {
    tls: {
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      servername: typeof servername === 'string' ? servername : null,
      alpnProtocol: typeof alpn === 'string' ? alpn : null,
      authorized: socket.authorized,
      authorizationError: errorCode(socket.authorizationError),
    },
    clientCert: hasCert
      ? { subjectCN: firstValue(peer.subject?.CN), issuerCN: firstValue(peer.issuer?.CN), fingerprint256: peer.fingerprint256 }
      : null,
  };
}

/** Node stores the verify error's code string here, though the typings say Error. */
function errorCode(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return (value as NodeJS.ErrnoException).code ?? value.message;
  return null;
}

function firstValue(value: string | string[] | undefined): string {
  if (Array.isArray(value)) return value[0] ?? '';
  return value ?? '';
}

/** Turns a handler's thrown error into a 500 instead of an unhandled rejection. */
function wrap(handler: Handler): http.RequestListener {
  return (req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`test handler failed: ${error instanceof Error ? error.message : String(error)}`);
      });
  };
}

function listen(server: http.Server, scheme: 'http' | 'https'): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  // 'connection' fires for the raw TCP socket on both http and https, before any TLS handshake,
  // so half-open handshakes are tracked as well.
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('server has no TCP address'));
        return;
      }
      let closing: Promise<void> | undefined;
      resolve({
        port: address.port,
        url: `${scheme}://127.0.0.1:${address.port}`,
        server,
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
