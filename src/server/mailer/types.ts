/** What a mailer sends and the options every kind of mailer takes. */

export interface MailMessage {
  /** One address. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

export interface Mailer {
  /** How the mail goes, for the operator (an SMTP URL without its password). */
  readonly description: string;
  /** Resolves once the message is handed over (written, printed, accepted by the SMTP server); throws MAIL_FAILED. */
  send(message: MailMessage): Promise<void>;
  /** Releases connections (SMTP); the mailer may not be used afterwards. */
  close(): void;
}

/** The part of a pino logger the console mailer writes to. */
export interface MailLog {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface MailerOptions {
  /** The From header; `?from=` in an SMTP URL wins over it. */
  readonly from?: string;
  /** The console mailer's log, looked up at each send (the app's logger exists only once the app is built); null: stdout. */
  readonly log?: () => MailLog | null;
}

export const DEFAULT_FROM = 'Postern <postern@localhost>';
