import { Cookie, CookieJar } from 'tough-cookie';

/** One stored cookie, as a cookie manager shows it. */
export interface StoredCookie {
  readonly domain: string;
  readonly path: string;
  readonly name: string;
  readonly value: string;
  /** Absent for a session cookie (no Expires or Max-Age): it ends when the app closes. */
  readonly expires?: Date;
  readonly hostOnly: boolean;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite?: string;
}

/** Called after the jar changed (cookies set by a response, deleted or cleared). */
export type CookieChangeListener = () => void;

/** tough-cookie's sync façade over its in-memory store: every callback runs before the call returns. */
function settle(run: (done: (error?: Error | null) => void) => void): void {
  let failure: Error | null | undefined;
  run((error) => {
    failure = error;
  });
  if (failure) throw failure;
}

function storedCookie(cookie: Cookie): StoredCookie | undefined {
  if (cookie.domain === null || cookie.path === null) return undefined;
  const expires = cookie.expiryDate();
  const sameSite = cookie.sameSite === undefined || cookie.sameSite === 'none' ? undefined : cookie.sameSite;
  return {
    domain: cookie.domain,
    path: cookie.path,
    name: cookie.key,
    value: cookie.value,
    ...(cookie.isPersistent() && expires ? { expires } : {}),
    hostOnly: cookie.hostOnly === true,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    ...(sameSite ? { sameSite } : {}),
  };
}

/**
 * The cookie jar shared by requests (RFC 6265, via tough-cookie): cookies a response sets are sent on
 * later requests to matching URLs. Held in memory; listeners hear of each change so the store can
 * persist it (src/services/cookies-persistence.ts).
 */
export class CookieStore {
  readonly jar: CookieJar;
  private readonly listeners = new Set<CookieChangeListener>();

  constructor(jar?: CookieJar) {
    this.jar = jar ?? new CookieJar(undefined, { looseMode: true, rejectPublicSuffixes: true });
  }

  /** The Cookie header value for a request to `url`, or '' when none apply. */
  cookieHeader(url: URL): string {
    return this.jar.getCookieStringSync(url.href);
  }

  /** Stores the Set-Cookie headers of a response from `url`; malformed ones are ignored, as browsers do. */
  store(url: URL, setCookies: readonly string[]): void {
    if (setCookies.length === 0) return;
    for (const header of setCookies) {
      try {
        this.jar.setCookieSync(header, url.href, { ignoreError: true });
      } catch {
        // A cookie the jar refuses (bad domain, public suffix) is dropped, not fatal.
      }
    }
    this.changed();
  }

  /** Every unexpired cookie, sorted by domain, path and name. */
  list(): StoredCookie[] {
    const now = Date.now();
    const cookies: StoredCookie[] = [];
    for (const serialized of this.jar.serializeSync()?.cookies ?? []) {
      const cookie = Cookie.fromJSON(serialized);
      const expiry = cookie?.expiryTime();
      if (!cookie || (expiry !== undefined && expiry <= now)) continue;
      const stored = storedCookie(cookie);
      if (stored) cookies.push(stored);
    }
    const order = (c: StoredCookie): string => `${c.domain}\u0000${c.path}\u0000${c.name}`;
    return cookies.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  }

  /** The whole jar in tough-cookie's serialized form (the CLI's `--export-cookie-jar`). */
  all(): ReturnType<CookieJar['serializeSync']> {
    return this.jar.serializeSync();
  }

  /** Removes one cookie; returns whether it was there. */
  remove(domain: string, path: string, name: string): boolean {
    const there = this.list().some((c) => c.domain === domain && c.path === path && c.name === name);
    if (!there) return false;
    settle((done) => this.jar.store.removeCookie(domain, path, name, done));
    this.changed();
    return true;
  }

  /** Removes every cookie of `domain` (exactly that domain, not its subdomains); returns how many. */
  removeDomain(domain: string): number {
    const count = this.list().filter((c) => c.domain === domain).length;
    if (count === 0) return 0;
    settle((done) => this.jar.store.removeCookies(domain, null, done));
    this.changed();
    return count;
  }

  /** Removes every cookie. */
  clear(): void {
    this.jar.removeAllCookiesSync();
    this.changed();
  }

  /** Hear of changes; returns a function that stops listening. */
  onChange(listener: CookieChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
