/**
 * What can go wrong while syncing, as typed values. `kind` tells the caller what to do about it:
 * - `offline`: the server could not be reached, answered 5xx, or asked us to slow down (429): nothing
 *   changed locally; try again later (sync() reports this as `offline: true`).
 * - `refused`: the server answered 4xx: `code`, `message` and `field` are the server's own.
 * - `bad-answer`: the server answered something that is not the sync API (wrong shape, not JSON).
 * - `state`: the local state does not fit this client (another workspace's state file).
 */
export type SyncErrorKind = 'offline' | 'refused' | 'bad-answer' | 'state';

export interface SyncErrorJson {
  readonly kind: SyncErrorKind;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly status?: number;
}

export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly kind: SyncErrorKind;
  /** The server's error code (VALIDATION, FORBIDDEN, …) or the client's (NETWORK, BAD_ANSWER, …). */
  readonly code: string;
  /** The request field to blame, as the server names it (`changes[3].content.item[0].request.url`). */
  readonly field: string | undefined;
  /** HTTP status, when there was an answer. */
  readonly status: number | undefined;

  constructor(kind: SyncErrorKind, code: string, message: string, extra: { field?: string; status?: number; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.kind = kind;
    this.code = code;
    this.field = extra.field;
    this.status = extra.status;
  }

  /** One line for a person: what is wrong and where. */
  toLine(): string {
    const prefix = this.field ? `${this.field}: ` : '';
    return `${prefix}${this.message}`.replace(/\s*\n\s*/g, ' ');
  }

  toJSON(): SyncErrorJson {
    return {
      kind: this.kind,
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
    };
  }
}

export function isSyncError(value: unknown): value is SyncError {
  return value instanceof SyncError;
}

/** Offline errors leave everything as it was; the next sync tries again. */
export function isOffline(value: unknown): boolean {
  return value instanceof SyncError && value.kind === 'offline';
}
