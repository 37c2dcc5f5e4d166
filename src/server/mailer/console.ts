/**
 * The development mailer: each message goes to the log (or stdout) as a summary plus its text, so a
 * developer without a mail server can follow invite links. The log's redaction still applies to every
 * field; the text is printed as it is because reading it is the point.
 */
import type { Mailer, MailLog, MailMessage } from './types.js';

export function consoleMailer(log: () => MailLog | null): Mailer {
  return {
    description: 'console',
    async send(message: MailMessage) {
      const summary = { to: message.to, subject: message.subject, html: message.html !== undefined };
      const target = log();
      if (target !== null) target.info({ component: 'mailer', mail: summary, text: message.text }, `mail to ${message.to}: ${message.subject}`);
      else process.stdout.write(`--- mail to ${message.to}: ${message.subject}\n${message.text}\n---\n`);
    },
    close() {},
  };
}
