/**
 * The team server's errors: a stable code, the HTTP status it maps to, a one-line message, and the field
 * (request body or query path such as `roles[1]`) when one is to blame. Every error a client sees has
 * this shape; nothing carries a stack trace.
 */
export type ServerErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'TOTP_REQUIRED'
  | 'TOTP_INVALID'
  | 'TOTP_ENROLMENT_REQUIRED'
  | 'TOTP_ALREADY_ENABLED'
  | 'TOTP_NOT_ENABLED'
  | 'SESSION_EXPIRED'
  | 'API_KEY_INVALID'
  | 'API_KEY_EXPIRED'
  | 'API_KEY_REVOKED'
  | 'API_KEYS_DISABLED'
  | 'SIGN_IN_METHOD_NOT_ALLOWED'
  | 'LOCKED_OUT'
  | 'RATE_LIMITED'
  | 'FORBIDDEN'
  | 'PLAN_REQUIRED'
  | 'ROLE_NOT_IN_PLAN'
  | 'LAST_ADMIN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'EMAIL_TAKEN'
  | 'WEAK_PASSWORD'
  | 'INVALID_CURSOR'
  | 'CONFIG_INVALID'
  | 'MASTER_KEY_MISSING'
  | 'MASTER_KEY_INVALID'
  | 'DATA_KEY_MISSING'
  | 'DECRYPT_FAILED'
  | 'DATABASE_UNREACHABLE'
  | 'AUDIT_CHAIN_BROKEN'
  | 'INVITE_NOT_FOUND'
  | 'INVITE_EXPIRED'
  | 'INVITE_REVOKED'
  | 'INVITE_USED'
  | 'MAIL_FAILED'
  | 'ELEMENT_NOT_FOUND'
  | 'INVALID_REVISION'
  | 'CURRENT_VALUES_REFUSED'
  | 'SHUTTING_DOWN'
  | 'INTERNAL';

const STATUS: Record<ServerErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  TOTP_ENROLMENT_REQUIRED: 403,
  TOTP_ALREADY_ENABLED: 409,
  TOTP_NOT_ENABLED: 409,
  SESSION_EXPIRED: 401,
  API_KEY_INVALID: 401,
  API_KEY_EXPIRED: 401,
  API_KEY_REVOKED: 401,
  API_KEYS_DISABLED: 403,
  SIGN_IN_METHOD_NOT_ALLOWED: 403,
  LOCKED_OUT: 429,
  RATE_LIMITED: 429,
  FORBIDDEN: 403,
  PLAN_REQUIRED: 402,
  ROLE_NOT_IN_PLAN: 402,
  LAST_ADMIN: 409,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  WEAK_PASSWORD: 400,
  INVALID_CURSOR: 400,
  CONFIG_INVALID: 500,
  MASTER_KEY_MISSING: 500,
  MASTER_KEY_INVALID: 500,
  DATA_KEY_MISSING: 500,
  DECRYPT_FAILED: 500,
  DATABASE_UNREACHABLE: 503,
  AUDIT_CHAIN_BROKEN: 500,
  INVITE_NOT_FOUND: 404,
  INVITE_EXPIRED: 410,
  INVITE_REVOKED: 410,
  INVITE_USED: 410,
  MAIL_FAILED: 502,
  ELEMENT_NOT_FOUND: 404,
  INVALID_REVISION: 400,
  CURRENT_VALUES_REFUSED: 400,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};

export interface ServerErrorBody {
  readonly error: {
    readonly code: ServerErrorCode;
    readonly message: string;
    readonly field?: string;
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly status: number;
  constructor(
    readonly code: ServerErrorCode,
    message: string,
    readonly extra: { readonly field?: string; readonly details?: Readonly<Record<string, unknown>>; readonly retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message.replace(/\s*\n\s*/g, ' '), options);
    this.status = STATUS[code];
  }

  get field(): string | undefined {
    return this.extra.field;
  }

  toBody(): ServerErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.extra.field !== undefined ? { field: this.extra.field } : {}),
        ...(this.extra.details !== undefined ? { details: this.extra.details } : {}),
      },
    };
  }
}

export function isServerError(value: unknown): value is ServerError {
  return value instanceof ServerError;
}

export function statusOf(code: ServerErrorCode): number {
  return STATUS[code];
}
