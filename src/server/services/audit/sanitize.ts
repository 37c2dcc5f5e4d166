/**
 * Keeps secrets out of audit details. Audit entries are exported to SIEMs and kept for months, so a
 * password, token, TOTP code or key that a caller put in `details` by mistake must never reach the chain.
 * Fields are judged by name, at every depth: a name that mentions a secret, or ends in a word that is
 * one (`code`, `key`, `otp`, `pin`), is left out. Names that only refer to a secret (`keyId`,
 * `recoveryCodesLeft`) are kept.
 */

// Anywhere in the name: these words name the secret itself, whatever follows (`passwordHash`, `tokenValue`).
const SECRET_WORDS = ['password', 'passwd', 'passphrase', 'secret', 'credential', 'authorization', 'cookie', 'token'];
// At the end of the name only, so `keyId`, `keyHint` and `codeCount` stay.
const SECRET_ENDINGS = ['code', 'key', 'otp', 'pin'];

/** True when a details field with this name must be left out. */
export function isSecretField(name: string): boolean {
  const normalised = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SECRET_WORDS.some((word) => normalised.includes(word))) return true;
  return SECRET_ENDINGS.some((ending) => normalised.endsWith(ending));
}

/**
 * A copy of `details` without secret fields (at every depth, inside arrays too) and without properties
 * whose value is undefined. Other values are copied as they are; the chain refuses what is not plain JSON.
 */
export function sanitizeDetails(details: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  if (details === undefined) return {};
  return sanitizeObject(details);
}

function sanitizeObject(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    if (member === undefined || isSecretField(name)) continue;
    out[name] = sanitizeValue(member);
  }
  return out;
}

function sanitizeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitizeValue);
  if (isPlainObject(value)) return sanitizeObject(value);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
