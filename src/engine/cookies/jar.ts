import { CookieJar } from 'tough-cookie';

/**
 * The cookie jar shared by requests (RFC 6265, via tough-cookie): cookies a response sets are sent on
 * later requests to matching URLs. Held in memory; the store persists it between sessions.
 */
export class CookieStore {
  readonly jar: CookieJar;

  constructor(jar?: CookieJar) {
    this.jar = jar ?? new CookieJar(undefined, { looseMode: true, rejectPublicSuffixes: true });
  }

  /** The Cookie header value for a request to `url`, or '' when none apply. */
  cookieHeader(url: URL): string {
    return this.jar.getCookieStringSync(url.href);
  }

  /** Stores the Set-Cookie headers of a response from `url`; malformed ones are ignored, as browsers do. */
  store(url: URL, setCookies: readonly string[]): void {
    for (const header of setCookies) {
      try {
        this.jar.setCookieSync(header, url.href, { ignoreError: true });
      } catch {
        // A cookie the jar refuses (bad domain, public suffix) is dropped, not fatal.
      }
    }
  }

  /** Every stored cookie, for display. */
  all(): ReturnType<CookieJar['serializeSync']> {
    return this.jar.serializeSync();
  }

  clear(): void {
    this.jar.removeAllCookiesSync();
  }
}
