import { CookieJar } from 'tough-cookie';
import { PosternError } from '../model/index.js';
import type { StoreContext } from './context.js';
import { readAll, writeAll } from './context.js';

/** The options the engine's jar uses, so a loaded jar behaves like a fresh one. */
const JAR_OPTIONS = { looseMode: true, rejectPublicSuffixes: true } as const;

/** Each workspace's cookie jar, kept as tough-cookie's serialized form. */
export class CookieJarTable {
  constructor(private readonly ctx: StoreContext) {}

  save(workspaceId: string, jar: CookieJar): void {
    const text = JSON.stringify(jar.serializeSync());
    writeAll(this.ctx, 'saving cookies', () => {
      this.ctx.db
        .prepare('INSERT INTO cookie_jars (workspace_id, jar) VALUES (?, ?) ON CONFLICT(workspace_id) DO UPDATE SET jar = excluded.jar')
        .run(workspaceId, text);
    });
  }

  /** The saved jar, or an empty one when the workspace has none yet. */
  load(workspaceId: string): CookieJar {
    const row = readAll(this.ctx, 'reading cookies', () =>
      this.ctx.db.prepare<[string], { jar: string }>('SELECT jar FROM cookie_jars WHERE workspace_id = ?').get(workspaceId),
    );
    if (!row) return new CookieJar(undefined, JAR_OPTIONS);
    try {
      // The serialized form carries the jar's options (loose mode, public suffixes) with the cookies.
      return CookieJar.deserializeSync(row.jar);
    } catch (error) {
      throw new PosternError('STORE_CORRUPT', `the cookie jar of workspace ${workspaceId} does not parse`, { file: this.ctx.file, path: `cookie_jars/${workspaceId}` }, { cause: error });
    }
  }

  clear(workspaceId: string): void {
    writeAll(this.ctx, 'clearing cookies', () => this.ctx.db.prepare('DELETE FROM cookie_jars WHERE workspace_id = ?').run(workspaceId));
  }
}
