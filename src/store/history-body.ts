import { createSecretMasker } from '../variables/index.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Binary bodies get each secret's bytes overwritten with this, length for length. */
const MASK_BYTE = 0x2a; // '*'

/** The bytes up to the last whole UTF-8 character at or before `end` (a cut must not split one). */
function utf8Boundary(bytes: Buffer, end: number): number {
  let at = Math.min(end, bytes.length);
  if (at === bytes.length) return at;
  // Step back over continuation bytes (10xxxxxx) to the start of the character the cut splits.
  while (at > 0 && ((bytes[at] ?? 0) & 0xc0) === 0x80) at -= 1;
  return at;
}

function decodeText(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function maskBytes(bytes: Buffer, secrets: readonly string[]): Buffer {
  const out = Buffer.from(bytes);
  for (const secret of secrets) {
    const needle = Buffer.from(secret, 'utf8');
    if (needle.length === 0) continue;
    for (let at = out.indexOf(needle); at !== -1; at = out.indexOf(needle, at + needle.length)) out.fill(MASK_BYTE, at, at + needle.length);
  }
  return out;
}

/**
 * The part of a body history keeps: at most `limit` bytes, every secret masked. `bytes` may run past
 * `limit` (callers read a margin of the longest secret's length), so a secret across the cut is masked
 * before the cut is made. Text is masked as text (`••••••`) and cut on a character boundary; bytes
 * that are not UTF-8 have each secret overwritten in place.
 */
export function keptBody(bytes: Buffer, limit: number, secrets: readonly string[]): Buffer {
  const live = secrets.filter((s) => s !== '');
  const cut = bytes.length > limit;
  if (live.length === 0) return cut ? bytes.subarray(0, utf8Boundary(bytes, limit)) : bytes;
  // A window cut mid-character is still text: decode up to the last whole character.
  const text = decodeText(cut ? bytes.subarray(0, utf8Boundary(bytes, bytes.length - 1)) : bytes);
  const masked = text === undefined ? maskBytes(bytes, live) : Buffer.from(createSecretMasker(live)(text), 'utf8');
  return masked.length > limit ? masked.subarray(0, utf8Boundary(masked, limit)) : masked;
}
