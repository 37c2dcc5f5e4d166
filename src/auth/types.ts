import type { HttpResponse, PreparedRequest } from '../engine/index.js';

/** A fetched OAuth 2.0 token as kept in the per-run cache. `expiresAt` is epoch milliseconds. */
export interface CachedToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresAt: number | null;
}

/** What auth needs from the outside world; tests pin the clock and the nonces. */
export interface AuthDeps {
  /** Sends a request (OAuth 2.0 token endpoint); the runner passes the engine with the run's TLS settings. */
  send(request: PreparedRequest): Promise<HttpResponse>;
  /** For signatures and token expiry; defaults to the system clock. */
  now?(): Date;
  /** For OAuth 1.0 / Hawk nonces and the digest cnonce; defaults to random. */
  nonce?(): string;
  /** Per-run cache for fetched OAuth 2.0 tokens (keys are hashes of the token request's settings). */
  tokenCache?: Map<string, CachedToken>;
}

/** The answer of a token endpoint. */
export interface OAuth2Token {
  readonly accessToken: string;
  readonly tokenType: string;
  /** Seconds, as the server said; absent when it did not. */
  readonly expiresIn?: number | undefined;
  readonly refreshToken?: string | undefined;
  readonly scope?: string | undefined;
  /** The whole parsed answer (id_token and any vendor fields are here). */
  readonly raw: Readonly<Record<string, unknown>>;
}
