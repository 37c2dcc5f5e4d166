import { execFileSync } from 'node:child_process';
import { Secret } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchTotp, newTotpSecret, totpCode, totpStep, totpUri, type TotpAlgorithm } from './totp.js';

const base32Of = (ascii: string): string => Secret.fromLatin1(ascii).base32;

// RFC 6238 Appendix B: ASCII seeds (20, 32 and 64 bytes), 8 digits, 30 s steps.
const SEEDS: Record<TotpAlgorithm, string> = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
};
const VECTORS: ReadonlyArray<[seconds: number, sha1: string, sha256: string, sha512: string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 Appendix B test vectors', () => {
  for (const [seconds, sha1, sha256, sha512] of VECTORS) {
    it(`T = ${seconds}`, () => {
      const at = seconds * 1000;
      expect(totpCode(base32Of(SEEDS.SHA1), at, { digits: 8, algorithm: 'SHA1' })).toBe(sha1);
      expect(totpCode(base32Of(SEEDS.SHA256), at, { digits: 8, algorithm: 'SHA256' })).toBe(sha256);
      expect(totpCode(base32Of(SEEDS.SHA512), at, { digits: 8, algorithm: 'SHA512' })).toBe(sha512);
    });
  }
});

describe('newTotpSecret / totpUri', () => {
  it('makes 20-byte base32 secrets, all different', () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(s).bytes).toHaveLength(20);
    expect(newTotpSecret()).not.toBe(s);
  });

  it('builds an otpauth:// URI with issuer, account and the authenticator-app parameters', () => {
    const secret = newTotpSecret();
    const uri = new URL(totpUri(secret, 'ada@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Postern:ada@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'Postern', secret, algorithm: 'SHA1', digits: '6', period: '30',
    });
    expect(new URL(totpUri(secret, 'bob', 'Acme')).searchParams.get('issuer')).toBe('Acme');
  });
});

describe('matchTotp', () => {
  const secret = base32Of(SEEDS.SHA1);
  const now = 1_700_000_015_000; // 15 s into a step
  const step = totpStep(now);
  const codeAt = (s: number): string => totpCode(secret, s * 30_000);

  it('accepts the current step and one either side, returning the matched step', () => {
    expect(matchTotp(secret, codeAt(step), now, null)).toBe(step);
    expect(matchTotp(secret, codeAt(step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(step + 1), now, null)).toBe(step + 1);
  });

  it('refuses codes two steps away, at the exact window edges', () => {
    const stepStart = step * 30_000;
    const stepEnd = stepStart + 29_999;
    // First millisecond of the step: step - 1 still in, step - 2 out.
    expect(matchTotp(secret, codeAt(step - 1), stepStart, null)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(step - 2), stepStart, null)).toBeNull();
    // Last millisecond of the step: step + 1 in, step + 2 out.
    expect(matchTotp(secret, codeAt(step + 1), stepEnd, null)).toBe(step + 1);
    expect(matchTotp(secret, codeAt(step + 2), stepEnd, null)).toBeNull();
    // One millisecond later the window has moved.
    expect(matchTotp(secret, codeAt(step - 1), stepEnd + 1, null)).toBeNull();
    expect(matchTotp(secret, codeAt(step + 2), stepEnd + 1, null)).toBe(step + 2);
  });

  it('accepts a code once only: steps at or before lastUsedStep are refused', () => {
    const used = matchTotp(secret, codeAt(step), now, null);
    expect(used).toBe(step);
    expect(matchTotp(secret, codeAt(step), now, used)).toBeNull();
    expect(matchTotp(secret, codeAt(step - 1), now, used)).toBeNull();
    expect(matchTotp(secret, codeAt(step + 1), now, used)).toBe(step + 1);
    expect(matchTotp(secret, codeAt(step), now, step - 1)).toBe(step);
  });

  it('rejects malformed codes without throwing', () => {
    const good = codeAt(step);
    for (const bad of ['', '12345', '1234567', `${good} `, ` ${good}`, `${good.slice(0, 3)} ${good.slice(3)}`, 'abcdef', '12345a', '١٢٣٤٥٦', '+12345', '-12345']) {
      expect(matchTotp(secret, bad, now, null), JSON.stringify(bad)).toBeNull();
    }
    expect(matchTotp(secret, 123456 as unknown as string, now, null)).toBeNull();
    expect(matchTotp(secret, null as unknown as string, now, null)).toBeNull();
  });

  it('refuses a code from another secret', () => {
    expect(matchTotp(newTotpSecret(), codeAt(step), now, null)).toBeNull();
  });
});

describe('agreement with oathtool (an independent implementation)', () => {
  beforeAll(() => {
    try {
      execFileSync('oathtool', ['--version'], { stdio: 'pipe' });
    } catch {
      throw new Error('oathtool is not installed; install it (Debian/Ubuntu: apt-get install -y oathtool) — this test does not skip');
    }
  });

  const oathtool = (secret: string, seconds: number, mode = '--totp', extra: string[] = []): string =>
    execFileSync('oathtool', [mode, ...extra, '-b', secret, `--now=@${seconds}`], { encoding: 'utf8' }).trim();

  it('gives the same 6-digit SHA-1 codes for random secrets and times', () => {
    const times = [0, 29, 30, 59, 1111111109, 1700000000, 1999999999, 4102444800];
    for (let i = 0; i < 4; i++) {
      const secret = newTotpSecret();
      for (const t of times) {
        const theirs = oathtool(secret, t);
        expect(theirs).toMatch(/^\d{6}$/);
        expect(totpCode(secret, t * 1000)).toBe(theirs);
        expect(matchTotp(secret, theirs, t * 1000, null)).toBe(Math.floor(t / 30));
      }
    }
  });

  it('agrees on SHA-256 and SHA-512 with 8 digits as well', () => {
    const secret = newTotpSecret();
    for (const t of [59, 1234567890]) {
      expect(totpCode(secret, t * 1000, { algorithm: 'SHA256', digits: 8 })).toBe(oathtool(secret, t, '--totp=sha256', ['-d', '8']));
      expect(totpCode(secret, t * 1000, { algorithm: 'SHA512', digits: 8 })).toBe(oathtool(secret, t, '--totp=sha512', ['-d', '8']));
    }
  });
});
