import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeStrict, gcmOpen, gcmSeal } from './aes-gcm.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The definition the fast check must agree with: a text is accepted iff it is what its bytes encode to. */
function canonical(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

describe('decodeStrict', () => {
  it('accepts exactly the canonical base64url texts, for every length and last character', () => {
    let accepted = 0;
    for (let length = 1; length <= 9; length++) {
      for (const last of ALPHABET) {
        const text = `${randomBytes(8).toString('base64url').slice(0, length - 1)}${last}`;
        const bytes = decodeStrict(text);
        expect(bytes !== undefined, text).toBe(canonical(text));
        if (bytes !== undefined) {
          expect(bytes.toString('base64url')).toBe(text);
          accepted++;
        }
      }
    }
    // Lengths 4k+1 never; 4k+2 one in 16 last characters; 4k+3 one in 4; 4k every one.
    expect(accepted).toBeGreaterThan(0);
  });

  it('refuses padding, standard base64 characters, whitespace and the empty text', () => {
    for (const text of ['', 'AQ==', 'a+b/', 'AQID BA', 'AQ\n', 'A', 'AB', 'AAB']) expect(decodeStrict(text), JSON.stringify(text)).toBeUndefined();
    expect(decodeStrict('AQ')).toEqual(Buffer.from([1]));
    expect(decodeStrict('AQI')).toEqual(Buffer.from([1, 2]));
  });
});

describe('gcmSeal / gcmOpen', () => {
  const key = randomBytes(32);

  it('opens what it sealed, empty and long plaintexts alike, under the same context only', () => {
    for (const plaintext of [Buffer.alloc(0), Buffer.from('secret'), randomBytes(70_000)]) {
      const [iv, body] = gcmSeal(key, plaintext, 'ctx:a').split('.');
      expect(gcmOpen(key, iv ?? '', body ?? '', 'ctx:a')).toEqual(plaintext);
      expect(gcmOpen(key, iv ?? '', body ?? '', 'ctx:b')).toBeUndefined();
    }
  });

  it('refuses a body whose text is not canonical, even though it decodes to the same bytes', () => {
    const [iv, body] = gcmSeal(key, Buffer.from('x'), 'ctx').split('.');
    const text = body ?? '';
    // A 17-byte body encodes to 23 characters: the last one carries 2 unused bits, so a sibling text decodes alike.
    expect(text.length % 4).toBe(3);
    const lastIndex = ALPHABET.indexOf(text.charAt(text.length - 1));
    const sibling = `${text.slice(0, -1)}${ALPHABET.charAt(lastIndex | 1)}`;
    expect(Buffer.from(sibling, 'base64url')).toEqual(Buffer.from(text, 'base64url'));
    expect(gcmOpen(key, iv ?? '', sibling, 'ctx')).toBeUndefined();
    expect(gcmOpen(key, iv ?? '', text, 'ctx')).toEqual(Buffer.from('x'));
  });
});
