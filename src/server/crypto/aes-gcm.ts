/**
 * AES-256-GCM with a fresh random 12-byte IV per message and the context bound as additional data.
 * Encoded as `<iv b64url>.<ciphertext+tag b64url>`. The one place in the server that calls the cipher.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const B64URL = /^[A-Za-z0-9_-]+$/;

export function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): string {
  if (key.length !== KEY_BYTES) throw new RangeError('AES-256-GCM needs a 32-byte key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString('base64url')}.${body.toString('base64url')}`;
}

const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Strict base64url: rejects characters outside the alphabet, an impossible length and non-canonical
 * trailing bits (so one byte string has exactly one accepted text). Checked on the text, without
 * encoding the bytes back: this runs for every sealed value a pull opens.
 */
export function decodeStrict(text: string): Buffer | undefined {
  if (!B64URL.test(text)) return undefined;
  const tail = text.length % 4;
  if (tail === 1) return undefined;
  // The last character's unused low bits: 4 of them after 2 characters of a group, 2 after 3.
  const unusedBits = tail === 2 ? 0b1111 : tail === 3 ? 0b11 : 0;
  if ((B64URL_ALPHABET.indexOf(text.charAt(text.length - 1)) & unusedBits) !== 0) return undefined;
  return Buffer.from(text, 'base64url');
}

/** The plaintext, or undefined when the encoding is malformed, the tag fails, or the aad differs. */
export function gcmOpen(key: Buffer, ivText: string, bodyText: string, aad: string): Buffer | undefined {
  const iv = decodeStrict(ivText);
  const body = decodeStrict(bodyText);
  if (iv?.length !== IV_BYTES || body === undefined || body.length < TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const head = decipher.update(body.subarray(0, body.length - TAG_BYTES));
    const tail = decipher.final();
    return tail.length === 0 ? head : Buffer.concat([head, tail]);
  } catch {
    return undefined;
  }
}
