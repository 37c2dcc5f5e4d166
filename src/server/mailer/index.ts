/**
 * Outgoing mail: one small interface (`Mailer.send`) and `createMailer(setting)` for the `--mailer`
 * setting — `console` (development: the message goes to the log), `file:DIR` (one RFC 5322 `.eml` per
 * message, for development and tests), or an `smtp://` / `smtps://` URL (nodemailer). Services depend on
 * the interface only, so tests hand them a file mailer and read what was sent.
 */
import type { MailerSettings } from '../config.js';
import { consoleMailer } from './console.js';
import { fileMailer } from './file.js';
import { smtpMailer } from './smtp.js';
import { DEFAULT_FROM, type Mailer, type MailerOptions } from './types.js';

export function createMailer(setting: MailerSettings, options: MailerOptions = {}): Mailer {
  const from = options.from ?? DEFAULT_FROM;
  switch (setting.kind) {
    case 'console':
      return consoleMailer(options.log ?? (() => null));
    case 'file':
      return fileMailer(setting.dir, from);
    case 'smtp':
      return smtpMailer(setting.url, setting.display, from);
  }
}

export { consoleMailer } from './console.js';
export { fileMailer } from './file.js';
export { smtpMailer } from './smtp.js';
export { composeMessage } from './compose.js';
export { DEFAULT_FROM, type MailLog, type MailMessage, type Mailer, type MailerOptions } from './types.js';
