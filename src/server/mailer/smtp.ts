/**
 * The SMTP mailer: nodemailer over `smtp://user:pass@host:587` (STARTTLS when the server offers it) or
 * `smtps://…:465` (TLS from the start). Query parameters are nodemailer options (`?tls.servername=…`),
 * except `from`, which sets the From header. Timeouts are short: a request waits for its mail.
 */
import { createTransport } from 'nodemailer';
import { mailFailed } from './errors.js';
import type { Mailer, MailMessage } from './types.js';

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function smtpMailer(url: string, display: string, defaultFrom: string): Mailer {
  const parsed = new URL(url);
  const from = parsed.searchParams.get('from') ?? defaultFrom;
  parsed.searchParams.delete('from');
  const transport = createTransport({ url: parsed.toString(), ...TIMEOUTS }, { from });
  return {
    description: display,
    async send(message: MailMessage) {
      try {
        await transport.sendMail({
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html !== undefined ? { html: message.html } : {}),
        });
      } catch (error) {
        throw mailFailed(message.to, display, error);
      }
    },
    close() {
      transport.close();
    },
  };
}
