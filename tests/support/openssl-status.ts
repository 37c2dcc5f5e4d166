/**
 * Reads the status page `openssl s_server -www` answers to `GET /`: what the *server* saw of the TLS
 * session (protocol, cipher, the ciphers both sides had in common, the client certificate). That is
 * the independent witness of what the engine negotiated and offered.
 */
import crypto from 'node:crypto';
import tls from 'node:tls';

export interface OpensslStatusPage {
  /** e.g. 'TLSv1.2' (from `Protocol  : ...`). */
  readonly protocol: string;
  /** OpenSSL name, e.g. 'ECDHE-RSA-AES128-GCM-SHA256' or 'TLS_AES_128_GCM_SHA256'. */
  readonly cipher: string;
  /** True when the session was resumed ('Reused, ...' rather than 'New, ...'). */
  readonly reused: boolean;
  /**
   * 'Ciphers common between both SSL end points': the client's offered ciphers that the server also
   * supports, in the client's order. Shows what the engine offered.
   */
  readonly sharedCiphers: readonly string[];
  /** e.g. '0 (ok)'. */
  readonly verifyReturnCode: string | null;
  /** The certificate the client presented, or null ('no client certificate available'). */
  readonly clientCert: OpensslClientCert | null;
  /** The whole page, for debugging. */
  readonly raw: string;
}

export interface OpensslClientCert {
  /** As X509_print writes it, e.g. 'O=Postern Test, CN=alice'. */
  readonly subject: string;
  readonly subjectCN: string | null;
  readonly issuer: string;
  readonly pem: string;
  /** Colon-separated uppercase, comparable with `CertBundle.fingerprint256`. */
  readonly fingerprint256: string;
}

/** Parses an `s_server -www` page (with or without the HTTP head). Throws if it is not one. */
export function parseOpensslStatusPage(page: string): OpensslStatusPage {
  const text = page.replace(/\r\n/g, '\n');
  const protocol = /^\s*Protocol\s*:\s*(\S+)\s*$/m.exec(text)?.[1];
  const cipher = /^\s*Cipher\s*:\s*(\S+)\s*$/m.exec(text)?.[1];
  if (protocol === undefined || cipher === undefined) {
    throw new Error(`not an openssl s_server -www status page: ${text.slice(0, 200)}`);
  }
  return {
    protocol,
    cipher,
    reused: /^Reused, /m.test(text),
    sharedCiphers: parseSharedCiphers(text),
    verifyReturnCode: /^\s*Verify return code:\s*(.+?)\s*$/m.exec(text)?.[1] ?? null,
    clientCert: parseClientCert(text),
    raw: page,
  };
}

/**
 * Connects with Node's TLS client, sends `GET /` and parses the page. Returns what the server saw and
 * what the Node client saw, so a test can compare both views.
 */
export async function fetchOpensslStatus(
  port: number,
  options: tls.ConnectionOptions = {},
): Promise<{ page: OpensslStatusPage; clientProtocol: string | null; clientCipher: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ...options });
    const chunks: Buffer[] = [];
    let clientProtocol: string | null = null;
    let clientCipher = '';
    socket.once('secureConnect', () => {
      clientProtocol = socket.getProtocol();
      clientCipher = socket.getCipher().name;
      socket.write('GET / HTTP/1.0\r\n\r\n');
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    // s_server -www closes after the page; 'close' also covers a peer that skips the TLS close_notify.
    socket.once('close', () => {
      try {
        resolve({ page: parseOpensslStatusPage(Buffer.concat(chunks).toString('latin1')), clientProtocol, clientCipher });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function parseSharedCiphers(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Ciphers common between both SSL end points'));
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    // The list ends where the signature-algorithm or separator lines begin.
    if (line === '---' || /^[A-Z][A-Za-z ]*:/.test(line)) break;
    names.push(...line.split(/\s+/).filter((name) => name.length > 0));
  }
  return names;
}

function parseClientCert(text: string): OpensslClientCert | null {
  const start = text.indexOf('\nClient certificate\n');
  if (start < 0) return null;
  const section = text.slice(start);
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(section)?.[0];
  if (pem === undefined) throw new Error('s_server status page shows a client certificate without its PEM');
  const subject = /^\s*Subject:\s*(.*?)\s*$/m.exec(section)?.[1] ?? '';
  return {
    subject,
    subjectCN: /(?:^|,\s*)CN\s*=\s*([^,]+)/.exec(subject)?.[1]?.trim() ?? null,
    issuer: /^\s*Issuer:\s*(.*?)\s*$/m.exec(section)?.[1] ?? '',
    pem: `${pem}\n`,
    fingerprint256: new crypto.X509Certificate(pem).fingerprint256,
  };
}
