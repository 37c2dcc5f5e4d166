/**
 * TOTP (RFC 6238) on `otpauth`. Authenticator apps use SHA-1, 6 digits, 30 s; `matchTotp` accepts the
 * current step ±1 and refuses any step at or before the last one used, so each code works once. The
 * caller stores the returned step atomically (compare-and-set) to close the race between two requests.
 */
import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export const TOTP_SECRET_BYTES = 20;
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ALGORITHM: TotpAlgorithm = 'SHA1';
/** Steps accepted either side of the current one (clock drift, slow typing). */
export const TOTP_WINDOW = 1;

export function newTotpSecret(): string {
  return new Secret({ size: TOTP_SECRET_BYTES }).base32;
}

/** The `otpauth://totp/...` URI that authenticator apps read from a QR code. */
export function totpUri(secret: string, accountName: string, issuer = 'Postern'): string {
  return new TOTP({
    issuer,
    label: accountName,
    secret: Secret.fromBase32(secret),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** The code for base32 `secret` at `atMs` (defaults: SHA-1, 6 digits, 30 s). */
export function totpCode(
  secret: string,
  atMs: number,
  opts: { digits?: number; algorithm?: TotpAlgorithm; period?: number } = {},
): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: opts.algorithm ?? TOTP_ALGORITHM,
    digits: opts.digits ?? TOTP_DIGITS,
    period: opts.period ?? TOTP_PERIOD_SECONDS,
    timestamp: atMs,
  });
}

/** The time step (counter) that `atMs` falls in. */
export function totpStep(atMs: number, period = TOTP_PERIOD_SECONDS): number {
  return Math.floor(atMs / 1000 / period);
}

const CODE_SHAPE = new RegExp(`^[0-9]{${TOTP_DIGITS}}$`);

/**
 * The step whose code equals `code` within ±1 step of `nowMs`, or null. Steps <= `lastUsedStep` are
 * never accepted. Malformed codes (non-digits, wrong length, not a string) give null, never a throw.
 * All candidate steps are computed and compared in constant time, so timing does not reveal which.
 */
export function matchTotp(secret: string, code: string, nowMs: number, lastUsedStep: number | null): number | null {
  if (typeof code !== 'string' || !CODE_SHAPE.test(code)) return null;
  const key = Secret.fromBase32(secret);
  const given = Buffer.from(code, 'ascii');
  const current = totpStep(nowMs);
  let matched: number | null = null;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (step < 0) continue;
    const expected = Buffer.from(
      HOTP.generate({ secret: key, algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, counter: step }),
      'ascii',
    );
    const equal = timingSafeEqual(expected, given);
    if (equal && (lastUsedStep === null || step > lastUsedStep)) matched = step;
  }
  return matched;
}
