/** Email addresses as accounts key them: trimmed, NFC, lower-cased; and the throttle key derived from one. */
import { createHash } from 'node:crypto';
import { ServerError } from '../../errors.js';

export const EMAIL_MAX_LENGTH = 254;

// Deliberately plain: one @, a dotted domain, no spaces or control characters. Deliverability is the
// mailer's business; this only refuses what cannot be an address.
const EMAIL_SHAPE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}.]+(\.[^\s@\p{Cc}.]+)+$/u;

export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** The normalised address, or VALIDATION naming `field`. */
export function validEmail(email: string, field = 'email'): string {
  const normalised = normaliseEmail(email);
  if (normalised.length > EMAIL_MAX_LENGTH) throw new ServerError('VALIDATION', `${field}: must be at most ${EMAIL_MAX_LENGTH} characters`, { field });
  if (!EMAIL_SHAPE.test(normalised)) throw new ServerError('VALIDATION', `${field}: not a valid email address`, { field });
  return normalised;
}

/** The login_throttle key: the address itself is not stored, and unknown addresses get keys alike. */
export function throttleKeyOf(normalisedEmail: string): string {
  return createHash('sha256').update(`login:${normalisedEmail}`, 'utf8').digest('hex');
}
