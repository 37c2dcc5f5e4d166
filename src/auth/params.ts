import { PosternError, type AuthType, type JsonValue } from '../model/index.js';

/** The one-line error every auth failure uses: it names the auth type and, in the message, the field. */
export function authError(type: AuthType, message: string, options?: { cause?: unknown }): PosternError {
  return new PosternError('INVALID_INPUT', `auth (${type}): ${message}`, {}, options);
}

/**
 * Reads an auth's parameters by Postman's attribute keys. Values were resolved from `{{variables}}`
 * already; Postman stores most as strings but some as booleans or numbers, so readers accept both.
 */
export class AuthParams {
  constructor(
    readonly type: AuthType,
    private readonly params: Readonly<Record<string, JsonValue>>,
  ) {}

  /** Text of the first key present (aliases cover Postman's older names); '' when absent or null. */
  text(key: string, ...aliases: string[]): string {
    for (const name of [key, ...aliases]) {
      const value = this.params[name];
      if (value === undefined || value === null) continue;
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw authError(this.type, `${name} must be text, not ${Array.isArray(value) ? 'a list' : 'an object'}`);
    }
    return '';
  }

  /** Text trimmed of surrounding whitespace (for names, URLs and choices, never for secrets). */
  trimmed(key: string, ...aliases: string[]): string {
    return this.text(key, ...aliases).trim();
  }

  /** Postman writes flags as booleans; hand-edited files sometimes as "true". */
  flag(key: string): boolean {
    const value = this.params[key];
    return value === true || value === 1 || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
  }

  /** A raw value, for structured parameters such as OAuth 2.0's extra token request params. */
  raw(key: string): JsonValue | undefined {
    return this.params[key];
  }

  /** An error about this auth, e.g. `auth (oauth1): privateKey is not a PEM private key`. */
  error(message: string, options?: { cause?: unknown }): PosternError {
    return authError(this.type, message, options);
  }

  /** The text of a required field, or an error naming it. */
  required(key: string, ...aliases: string[]): string {
    const value = this.text(key, ...aliases);
    if (value.trim() === '') throw authError(this.type, `${key} is empty`);
    return value;
  }

  /** One of the allowed choices (case-insensitive), or the default when empty. */
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.trimmed(key);
    if (value === '') return fallback;
    const match = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
    if (match === undefined) throw authError(this.type, `${key} "${value}" is not one of ${allowed.join(', ')}`);
    return match;
  }
}
