/**
 * Errors are typed values with a stable code, a one-line message for people, and where the problem is
 * (file, field or JSON path, line) when that is known. Nothing shown to a user carries a stack trace.
 */
export type ErrorCode =
  | 'INVALID_URL'
  | 'UNSUPPORTED_SCHEME'
  | 'INVALID_INPUT'
  | 'INVALID_JSON'
  | 'INVALID_COLLECTION'
  | 'INVALID_ENVIRONMENT'
  | 'INVALID_CURL'
  | 'FILE_UNREADABLE'
  | 'FILE_UNWRITABLE'
  | 'CERT_INVALID'
  | 'KEY_INVALID'
  | 'PFX_PASSPHRASE'
  | 'CERT_KEY_MISMATCH'
  | 'UNKNOWN_CIPHER'
  | 'NO_TLS_PROTOCOL'
  | 'NO_USABLE_CIPHER'
  | 'DNS_FAILURE'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'HOST_UNREACHABLE'
  | 'CONNECT_TIMEOUT'
  | 'REQUEST_TIMEOUT'
  | 'TLS_HANDSHAKE'
  | 'TLS_CERT_VERIFY'
  | 'PROXY_FAILURE'
  | 'PROXY_AUTH'
  | 'TOO_MANY_REDIRECTS'
  | 'RESPONSE_TOO_LARGE'
  | 'DECOMPRESSION'
  | 'ABORTED'
  | 'NETWORK'
  | 'STORE_CORRUPT'
  | 'STORE_TOO_NEW'
  | 'STORE_FAILURE'
  | 'STORE_NOT_FOUND'
  | 'STORE_SECRETS_LOCKED'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'VAULT_LOCKED'
  | 'VAULT_TAMPERED'
  | 'VAULT_KEY_MISSING'
  | 'VAULT_WRONG_PASSPHRASE'
  /** A setting or action that managed policy fixes (a locked setting, scripts disabled). */
  | 'POLICY_LOCKED'
  /** A pre-request script failed, so its request was not sent (Postman's rule for a single send). */
  | 'SCRIPT_ERROR'
  /** The OAuth 2.0 sign-in through the system browser: refused or failed, timed out, or a redirect with the wrong state (forged). */
  | 'OAUTH_FAILED'
  | 'OAUTH_TIMEOUT'
  | 'OAUTH_STATE_MISMATCH';

export interface ErrorLocation {
  /** File the problem is in. */
  readonly file?: string;
  /** Field name or JSON path (`item[3].request.url`). */
  readonly path?: string;
  readonly line?: number;
}

export class PosternError extends Error {
  override readonly name = 'PosternError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where: ErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** One line for a person: what is wrong and where. */
  toLine(): string {
    const parts: string[] = [];
    if (this.where.file) parts.push(this.where.line ? `${this.where.file}:${this.where.line}` : this.where.file);
    if (this.where.path) parts.push(this.where.path);
    const prefix = parts.length > 0 ? `${parts.join(': ')}: ` : '';
    return `${prefix}${this.message}`.replace(/\s*\n\s*/g, ' ');
  }

  toJSON(): { code: ErrorCode; message: string; where: ErrorLocation } {
    return { code: this.code, message: this.message, where: this.where };
  }
}

export function isPosternError(value: unknown): value is PosternError {
  return value instanceof PosternError;
}
