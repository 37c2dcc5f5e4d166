import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PosternError } from '../model/errors.js';

/**
 * The byte layout of a sealed value, and AES-256-GCM over it:
 *
 *   format (1 byte) | key version (uint32, big-endian) | nonce (12 bytes) | ciphertext | tag (16 bytes)
 *
 * The cipher's additional data is the 5-byte header followed by the caller's binding string
 * (`table:rowid:field`), so a value opens only under the key version and the record it was sealed for.
 */

export const SEALED_FORMAT_VERSION = 1;
export const MASTER_KEY_BYTES = 32;
const HEADER_BYTES = 5;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SEALED_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
const MAX_KEY_VERSION = 0xffff_ffff;

/** The binding string for a sealed field of a record: `table:rowid:field`. */
export function recordAad(table: string, rowId: string | number | bigint, field: string): string {
  // Table and field carry no colon, so the first and last colons split the string one way only.
  if (!/^[A-Za-z0-9_.-]+$/.test(table)) {
    throw new PosternError('INVALID_INPUT', `vault: table name "${table}" must be letters, digits, _ . or -`);
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(field)) {
    throw new PosternError('INVALID_INPUT', `vault: field name "${field}" must be letters, digits, _ . or -`);
  }
  const row = String(rowId);
  if (row.length === 0) throw new PosternError('INVALID_INPUT', 'vault: row id is empty');
  return `${table}:${row}:${field}`;
}

/** The key version a sealed value names in its header, without opening it. */
export function keyVersionOf(sealed: Uint8Array): number {
  const header = parseHeader(sealed);
  return header.keyVersion;
}

export function sealWithKey(key: Buffer, keyVersion: number, plaintext: Buffer, aad: string): Buffer {
  assertKey(key);
  assertAad(aad);
  if (!Number.isInteger(keyVersion) || keyVersion < 1 || keyVersion > MAX_KEY_VERSION) {
    throw new PosternError('INVALID_INPUT', `vault: key version ${keyVersion} is out of range`);
  }
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(SEALED_FORMAT_VERSION, 0);
  header.writeUInt32BE(keyVersion, 1);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, nonce, ciphertext, cipher.getAuthTag()]);
}

/** Opens a sealed value; throws VAULT_TAMPERED if any byte, or the binding, differs from sealing. */
export function openWithKey(key: Buffer, sealed: Uint8Array, aad: string): Buffer {
  assertKey(key);
  assertAad(aad);
  parseHeader(sealed);
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const header = bytes.subarray(0, HEADER_BYTES);
  const nonce = bytes.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const ciphertext = bytes.subarray(HEADER_BYTES + NONCE_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (cause) {
    throw new PosternError(
      'VAULT_TAMPERED',
      `vault: sealed value for "${aad}" does not open: it was altered or belongs to another record`,
      {},
      { cause },
    );
  }
}

function parseHeader(sealed: Uint8Array): { keyVersion: number } {
  if (sealed.byteLength < MIN_SEALED_BYTES) {
    throw new PosternError('VAULT_TAMPERED', `vault: sealed value is ${sealed.byteLength} bytes, shorter than any sealed value`);
  }
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const format = bytes.readUInt8(0);
  if (format !== SEALED_FORMAT_VERSION) {
    throw new PosternError('VAULT_TAMPERED', `vault: sealed value has unknown format ${format}`);
  }
  const keyVersion = bytes.readUInt32BE(1);
  if (keyVersion < 1) throw new PosternError('VAULT_TAMPERED', 'vault: sealed value names key version 0');
  return { keyVersion };
}

function assertKey(key: Buffer): void {
  if (key.length !== MASTER_KEY_BYTES) {
    throw new PosternError('INVALID_INPUT', `vault: key is ${key.length} bytes, expected ${MASTER_KEY_BYTES}`);
  }
}

function assertAad(aad: string): void {
  // An empty binding would let a value open anywhere; every sealed value belongs to something.
  if (aad.length === 0) throw new PosternError('INVALID_INPUT', 'vault: additional data (table:rowid:field) is empty');
}
