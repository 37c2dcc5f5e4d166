/**
 * Builds the raw RFC 5322 message (headers, MIME parts, encodings, CRLF line ends) with nodemailer's
 * stream transport, so the file mailer writes exactly what an SMTP server would receive.
 */
import { createTransport } from 'nodemailer';
import type { MailMessage } from './types.js';

const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

export async function composeMessage(message: MailMessage, from: string): Promise<Buffer> {
  const info = await composer.sendMail({
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
  });
  const raw: unknown = info.message;
  if (!Buffer.isBuffer(raw)) throw new Error('nodemailer did not return the message as a buffer');
  return raw;
}
