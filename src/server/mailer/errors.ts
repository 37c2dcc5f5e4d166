/** The one error every mailer throws when a message cannot be handed over. */
import { ServerError } from '../errors.js';

export function mailFailed(to: string, via: string, cause: unknown): ServerError {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] ?? cause.message : String(cause);
  return new ServerError('MAIL_FAILED', `Mail to ${to} could not be sent through ${via}: ${reason}`, { details: { via } }, { cause });
}
