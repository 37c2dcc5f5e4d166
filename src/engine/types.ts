import type { ClientCertificate, ProxySettings, TlsProtocol } from '../model/index.js';

/** A request ready for the wire: variables resolved, URL built, body chosen. */
export interface PreparedRequest {
  readonly method: string;
  readonly url: URL;
  /** In order; repeats kept. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: PreparedBody;
}

export type PreparedBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'bytes'; readonly bytes: Buffer; readonly contentType?: string | undefined }
  /** A file streamed from disk. */
  | { readonly kind: 'file'; readonly path: string; readonly contentType?: string | undefined }
  /** A multipart body; its parts stream from disk as it is sent. */
  | { readonly kind: 'multipart'; readonly parts: readonly MultipartPart[] };

export type MultipartPart =
  | { readonly kind: 'field'; readonly name: string; readonly value: string; readonly contentType?: string | undefined }
  | { readonly kind: 'file'; readonly name: string; readonly path: string; readonly contentType?: string | undefined };

/** The effective TLS settings of one request, after collection → folder → request inheritance. */
export interface TlsProfile {
  readonly strictSSL: boolean;
  readonly disabledProtocols: readonly TlsProtocol[];
  /** OpenSSL names in the order the client offers them; empty for Node's defaults. */
  readonly cipherSelection: readonly string[];
  readonly preferServerCiphers: boolean;
}

export interface RedirectPolicy {
  readonly follow: boolean;
  readonly max: number;
  /** Keep the method and body on 301/302 instead of switching to GET. */
  readonly followOriginalMethod: boolean;
  /** Send Authorization on to another origin (off by default: it leaks credentials). */
  readonly keepAuthorizationCrossOrigin: boolean;
  readonly removeReferer: boolean;
}

export interface SendOptions {
  readonly tls: TlsProfile;
  readonly caCertificates?: { readonly enabled: boolean; readonly paths: readonly string[] } | undefined;
  readonly clientCertificates?: readonly ClientCertificate[] | undefined;
  readonly proxy?: ProxySettings | undefined;
  readonly connectTimeoutMs: number;
  /** 0 for none. */
  readonly requestTimeoutMs: number;
  readonly redirects: RedirectPolicy;
  /** 0 for no limit. */
  readonly maxResponseBytes: number;
  readonly cookies: boolean;
  readonly sslKeyLogFile?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Called as the response body arrives (bytes on the wire so far, and Content-Length if known). */
  readonly onProgress?: ((progress: DownloadProgress) => void) | undefined;
}

export interface DownloadProgress {
  readonly url: string;
  readonly receivedBytes: number;
  readonly totalBytes: number | null;
}

export interface PeerCertificate {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fingerprint256: string;
  readonly serialNumber: string;
  readonly subjectAltName?: string | undefined;
}

export interface PresentedClientCertificate {
  /** The configured host pattern and port that matched. */
  readonly host: string;
  readonly port: number;
  readonly subject: string;
  readonly fingerprint256: string;
  readonly source: string;
}

export interface TlsDetails {
  readonly protocol: string | null;
  readonly cipher: { readonly name: string; readonly standardName: string; readonly version: string } | null;
  readonly alpn: string | null;
  /** Leaf first. */
  readonly peerCertificates: readonly PeerCertificate[];
  /** Whether the chain verified against the trusted roots and the name matched. */
  readonly authorized: boolean;
  readonly authorizationError: string | null;
  /** The client certificate offered in the handshake, if one matched this host and port. */
  readonly clientCertificate: PresentedClientCertificate | null;
  /** Why no client certificate was offered, when none was. */
  readonly clientCertificateNote: string | null;
}

/** Milliseconds for each phase; connection phases are 0 when a pooled connection was reused. */
export interface Timings {
  readonly dns: number;
  readonly tcp: number;
  readonly proxy: number;
  readonly tls: number;
  /** From the request written to the first byte of the response. */
  readonly firstByte: number;
  readonly download: number;
  readonly total: number;
}

export type ResponseBody =
  | { readonly kind: 'memory'; readonly bytes: Buffer }
  /** Bodies over the spill threshold are kept in a temp file, not in memory. */
  | { readonly kind: 'file'; readonly path: string; readonly size: number };

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion: string;
  /** Raw headers in the order received, repeats kept. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: ResponseBody;
  readonly size: { readonly headers: number; readonly body: number; readonly decodedBody: number };
  readonly timings: Timings;
  readonly tls: TlsDetails | null;
  readonly redirects: ReadonlyArray<{ readonly url: string; readonly status: number }>;
  readonly connectionReused: boolean;
  readonly remoteAddress: string | null;
}

