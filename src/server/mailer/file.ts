/**
 * The file mailer: one `.eml` file (RFC 5322, CRLF) per message in a directory, written to a temporary
 * name and renamed, so a reader never sees half a message. Names start with the time, so they sort in
 * the order sent; a random part keeps several processes from colliding.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { composeMessage } from './compose.js';
import { mailFailed } from './errors.js';
import type { Mailer, MailMessage } from './types.js';

export function fileMailer(dir: string, from: string, now: () => number = Date.now): Mailer {
  return {
    description: `file:${dir}`,
    async send(message: MailMessage) {
      const raw = await composeMessage(message, from);
      const name = `${new Date(now()).toISOString().replace(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}`;
      const temporary = join(dir, `.${name}.tmp`);
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(temporary, raw, { mode: 0o600 });
        await rename(temporary, join(dir, `${name}.eml`));
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => undefined);
        throw mailFailed(message.to, `file:${dir}`, error);
      }
    },
    close() {},
  };
}
