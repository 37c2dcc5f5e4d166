import { Cookie, CookieJar, type SerializedCookieJar } from 'tough-cookie';
import { PosternError } from '../model/index.js';
import type { StoreContext } from './context.js';
import { readAll, writeAll } from './context.js';
import { openSealed, requireSealer, sealAad } from './sealer.js';

/** The options the engine's jar uses, so a loaded jar behaves like a fresh one. */
const JAR_OPTIONS = { looseMode: true, rejectPublicSuffixes: true } as const;

/** The jar is one row (id 1); its aad binds the blob to that row and field. */
const JAR_ROW = 1;
const JAR_AAD = sealAad('cookie_jar', JAR_ROW, 'jar');

/**
 * Whether a cookie outlives the app: it has Expires or Max-Age and has not expired yet. Session
 * cookies end with the session, as in a browser.
 */
function keptAcrossRestarts(serialized: unknown, now: number): boolean {
  const cookie = Cookie.fromJSON(serialized);
  if (!cookie?.isPersistent()) return false;
  const expiry = cookie.expiryTime();
  return expiry === undefined || expiry > now;
}

/**
 * The app's cookie jar between sessions: tough-cookie's serialized form, persistent cookies only,
 * sealed as one blob (cookie values are credentials; names and domains are not worth the leak either).
 */
export class CookieJarTable {
  constructor(private readonly ctx: StoreContext) {}

  /** Replace the saved jar with the persistent cookies of `jar`; returns how many were kept. */
  save(jar: CookieJar, now: Date = new Date()): number {
    const serialized = jar.serializeSync();
    const cookies = (serialized?.cookies ?? []).filter((c) => keptAcrossRestarts(c, now.getTime()));
    if (!serialized || cookies.length === 0) {
      this.clear();
      return 0;
    }
    const sealer = requireSealer(this.ctx.sealer, 'the cookie jar');
    const blob = sealer.seal(JSON.stringify({ ...serialized, cookies }), JAR_AAD);
    writeAll(this.ctx, 'saving cookies', () => {
      this.ctx.db
        .prepare('INSERT INTO cookie_jar (id, jar_sealed) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET jar_sealed = excluded.jar_sealed')
        .run(JAR_ROW, blob);
    });
    return cookies.length;
  }

  /** The saved jar, or an empty one when nothing was saved yet. */
  load(): CookieJar {
    const row = readAll(this.ctx, 'reading cookies', () =>
      this.ctx.db.prepare<[number], { jar_sealed: Buffer }>('SELECT jar_sealed FROM cookie_jar WHERE id = ?').get(JAR_ROW),
    );
    if (!row) return new CookieJar(undefined, JAR_OPTIONS);
    const sealer = requireSealer(this.ctx.sealer, 'the cookie jar');
    const text = openSealed(sealer, row.jar_sealed, JAR_AAD, this.ctx.file);
    try {
      // The serialized form carries the jar's options (loose mode, public suffixes) with the cookies.
      return CookieJar.deserializeSync(JSON.parse(text) as SerializedCookieJar);
    } catch (error) {
      throw new PosternError('STORE_CORRUPT', 'the saved cookie jar does not parse', { file: this.ctx.file, path: 'cookie_jar' }, { cause: error });
    }
  }

  clear(): void {
    writeAll(this.ctx, 'clearing cookies', () => this.ctx.db.prepare('DELETE FROM cookie_jar').run());
  }
}
