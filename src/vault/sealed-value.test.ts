import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PosternError } from '../model/errors.js';
import { keyVersionOf, openWithKey, recordAad, sealWithKey } from './sealed-value.js';

const key = randomBytes(32);
const aad = recordAad('variables', 42, 'current_value');

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof PosternError) return error.code;
    throw error;
  }
  return undefined;
}

describe('sealed value format', () => {
  it('round-trips and lays out format | key version | nonce | ciphertext | tag', () => {
    const sealed = sealWithKey(key, 7, Buffer.from('s3cret'), aad);
    expect(sealed[0]).toBe(1);
    expect(sealed.readUInt32BE(1)).toBe(7);
    expect(sealed.length).toBe(1 + 4 + 12 + 's3cret'.length + 16);
    expect(keyVersionOf(sealed)).toBe(7);
    expect(openWithKey(key, sealed, aad).toString()).toBe('s3cret');
    expect(sealed.includes(Buffer.from('s3cret'))).toBe(false);
  });

  it('uses a fresh nonce every time', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 200; i += 1) nonces.add(sealWithKey(key, 1, Buffer.from('same'), aad).subarray(5, 17).toString('hex'));
    expect(nonces.size).toBe(200);
  });

  it('refuses a flipped bit anywhere: header, nonce, ciphertext or tag', () => {
    const sealed = sealWithKey(key, 1, Buffer.from('a value long enough'), aad);
    for (let index = 0; index < sealed.length; index += 1) {
      const altered = Buffer.from(sealed);
      altered[index] = (altered[index] ?? 0) ^ 0x01;
      expect(codeOf(() => openWithKey(key, altered, aad)), `byte ${index}`).toBe('VAULT_TAMPERED');
    }
  });

  it('refuses a truncated or empty value', () => {
    const sealed = sealWithKey(key, 1, Buffer.from('x'), aad);
    expect(codeOf(() => openWithKey(key, sealed.subarray(0, sealed.length - 1), aad))).toBe('VAULT_TAMPERED');
    expect(codeOf(() => openWithKey(key, Buffer.alloc(0), aad))).toBe('VAULT_TAMPERED');
  });

  it('binds a value to its record and field', () => {
    const sealed = sealWithKey(key, 1, Buffer.from('token'), aad);
    expect(codeOf(() => openWithKey(key, sealed, recordAad('variables', 43, 'current_value')))).toBe('VAULT_TAMPERED');
    expect(codeOf(() => openWithKey(key, sealed, recordAad('variables', 42, 'initial_value')))).toBe('VAULT_TAMPERED');
    expect(codeOf(() => openWithKey(key, sealed, recordAad('certificates', 42, 'current_value')))).toBe('VAULT_TAMPERED');
  });

  it('refuses the wrong key', () => {
    const sealed = sealWithKey(key, 1, Buffer.from('token'), aad);
    expect(codeOf(() => openWithKey(randomBytes(32), sealed, aad))).toBe('VAULT_TAMPERED');
  });

  it('refuses an empty binding and names with colons', () => {
    expect(codeOf(() => sealWithKey(key, 1, Buffer.from('x'), ''))).toBe('INVALID_INPUT');
    expect(codeOf(() => recordAad('a:b', 1, 'c'))).toBe('INVALID_INPUT');
    expect(codeOf(() => recordAad('a', 1, 'b:c'))).toBe('INVALID_INPUT');
    expect(recordAad('a', 'x:y', 'c')).toBe('a:x:y:c');
  });
});
