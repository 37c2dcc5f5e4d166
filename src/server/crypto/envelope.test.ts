import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryDataKeyStore } from './data-key-store.js';
import { createKeyRing, isSealedValue } from './envelope.js';
import { masterKeyFromBytes, type MasterKey } from './master-key.js';
import { serverErrorFrom as rejection } from '../../../tests/server/support/server-error.js';

const newMaster = (): MasterKey => masterKeyFromBytes(randomBytes(32));
const clock = (): number => 1_700_000_000_000;
const AAD = 'users.totp_secret:u_1';

/** Re-encodes one base64url part of a sealed value with one byte flipped. */
function flipByte(sealed: string, part: 2 | 3, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createKeyRing: seal and open', () => {
  it('round-trips text and bytes in the pe1 format with a fresh IV each time', async () => {
    const store = memoryDataKeyStore();
    const ring = await createKeyRing(store, [newMaster()], { clock });
    const sealed = await ring.seal('JBSWY3DPEHPK3PXP', AAD);
    expect(sealed).toMatch(new RegExp(`^pe1\\.${ring.activeDataKeyId}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+$`));
    expect(isSealedValue(sealed)).toBe(true);
    expect(isSealedValue('JBSWY3DPEHPK3PXP')).toBe(false);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(await ring.openText(sealed, AAD)).toBe('JBSWY3DPEHPK3PXP');
    expect(await ring.seal('JBSWY3DPEHPK3PXP', AAD)).not.toBe(sealed);
    const bytes = randomBytes(100);
    expect((await ring.open(await ring.seal(bytes, AAD), AAD)).equals(bytes)).toBe(true);
    expect(await ring.openText(await ring.seal('', AAD), AAD)).toBe('');
    expect(store.records).toHaveLength(1);
    expect(store.records[0]?.createdAt).toBe(clock());
  });

  it('detects a flipped byte in the IV, the ciphertext or the tag', async () => {
    const ring = await createKeyRing(memoryDataKeyStore(), [newMaster()]);
    const sealed = await ring.seal('a secret worth keeping', AAD);
    for (const tampered of [flipByte(sealed, 2, 0), flipByte(sealed, 2, -1), flipByte(sealed, 3, 0), flipByte(sealed, 3, -1), flipByte(sealed, 3, -17)]) {
      expect(tampered).not.toBe(sealed);
      const e = await rejection(ring.open(tampered, AAD));
      expect(e.code).toBe('DECRYPT_FAILED');
      expect(e.message).toContain(AAD);
    }
  });

  it('refuses the value under another context (aad)', async () => {
    const ring = await createKeyRing(memoryDataKeyStore(), [newMaster()]);
    const sealed = await ring.seal('a secret', AAD);
    expect((await rejection(ring.open(sealed, 'users.totp_secret:u_2'))).code).toBe('DECRYPT_FAILED');
    expect((await rejection(ring.open(sealed, ''))).code).toBe('DECRYPT_FAILED');
  });

  it('refuses malformed sealed values and plaintext, never falling back', async () => {
    const ring = await createKeyRing(memoryDataKeyStore(), [newMaster()]);
    const sealed = await ring.seal('x', AAD);
    const [, id, iv, body] = sealed.split('.');
    for (const bad of ['x', '', 'pe1...', `pe2.${id}.${iv}.${body}`, `pe1.${id}.${iv}`, `${sealed}.x`, `pe1.${id}.${iv}.${body}=`, `pe1.${id}.${iv}.AAAA`, `pe1.${id}.${iv}.${body}!`, `pe1.${id}.AAAA.${body}`]) {
      expect((await rejection(ring.open(bad, AAD))).code, bad).toBe('DECRYPT_FAILED');
    }
  });

  it('says DATA_KEY_MISSING for an unknown data key id', async () => {
    const ring = await createKeyRing(memoryDataKeyStore(), [newMaster()]);
    const sealed = await ring.seal('x', AAD);
    const e = await rejection(ring.open(sealed.replace(ring.activeDataKeyId, 'dk_unknownkey'), AAD));
    expect(e.code).toBe('DATA_KEY_MISSING');
    expect(e.message).toContain('dk_unknownkey');
  });

  it('refuses to open a non-UTF-8 value as text', async () => {
    const ring = await createKeyRing(memoryDataKeyStore(), [newMaster()]);
    const sealed = await ring.seal(Buffer.from([0xff, 0xfe]), AAD);
    expect((await rejection(ring.openText(sealed, AAD))).code).toBe('DECRYPT_FAILED');
  });
});

describe('data keys: wrapping, several processes, rotation', () => {
  it('stores data keys only wrapped under the master key', async () => {
    const master = newMaster();
    const store = memoryDataKeyStore();
    await createKeyRing(store, [master]);
    const record = store.records[0];
    expect(record?.masterKeyId).toBe(master.id);
    expect(record?.wrapped).toMatch(/^w1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{64}$/); // 32-byte key + 16-byte tag
    expect(record?.retiredAt).toBeNull();
  });

  it('a second key ring over the same store opens what the first sealed, including keys made later', async () => {
    const master = newMaster();
    const store = memoryDataKeyStore();
    const first = await createKeyRing(store, [master]);
    let now = 1000;
    const second = await createKeyRing(store, [master], { clock: () => now, activeKeyRecheckMs: 5000 });
    expect(second.activeDataKeyId).toBe(first.activeDataKeyId);
    expect(store.records).toHaveLength(1);
    const before = await first.seal('one', AAD);
    expect(await second.openText(before, AAD)).toBe('one');
    // The first process rotates; the second has never seen the new key and must reload to open.
    const newId = await first.rotateDataKey(2000);
    const after = await first.seal('two', AAD);
    expect(after.split('.')[1]).toBe(newId);
    expect(await second.openText(after, AAD)).toBe('two');
    // Within its recheck window the second still writes with the key it knew (readable by all)...
    const oldId = before.split('.')[1];
    expect((await second.seal('early', AAD)).split('.')[1]).toBe(oldId);
    // ...and after it, with the new key too.
    now += 5000;
    expect((await second.seal('three', AAD)).split('.')[1]).toBe(newId);
    expect(second.activeDataKeyId).toBe(newId);
  });

  it('rotateDataKey changes the key for new writes; old values stay readable and rows are untouched', async () => {
    const store = memoryDataKeyStore();
    const ring = await createKeyRing(store, [newMaster()], { clock: () => 1000 });
    const oldId = ring.activeDataKeyId;
    const old = await ring.seal('old value', AAD);
    const newId = await ring.rotateDataKey(5000);
    expect(newId).not.toBe(oldId);
    expect(ring.activeDataKeyId).toBe(newId);
    expect(store.records.find((r) => r.id === oldId)?.retiredAt).toBe(5000);
    expect(store.records.find((r) => r.id === newId)?.retiredAt).toBeNull();
    expect((await ring.seal('new value', AAD)).split('.')[1]).toBe(newId);
    expect(await ring.openText(old, AAD)).toBe('old value');
  });

  it('master key rotation re-wraps data keys and keeps old values readable under the new key alone', async () => {
    const oldMaster = newMaster();
    const store = memoryDataKeyStore();
    const ring = await createKeyRing(store, [oldMaster]);
    const a = await ring.seal('sealed before rotation', AAD);
    await ring.rotateDataKey(10);
    const b = await ring.seal('second data key', AAD);
    const next = newMaster();
    expect(await ring.rewrapAll(next)).toEqual({ rewrapped: 2 });
    expect(ring.masterKeyIds).toEqual([next.id, oldMaster.id]);
    expect(store.records.every((r) => r.masterKeyId === next.id)).toBe(true);
    expect(await ring.rewrapAll(next)).toEqual({ rewrapped: 0 });
    // A process restarted with only the new master key reads everything.
    const restarted = await createKeyRing(store, [next]);
    expect(await restarted.openText(a, AAD)).toBe('sealed before rotation');
    expect(await restarted.openText(b, AAD)).toBe('second data key');
  });

  it('refuses a wrong master key at start, clearly and without revealing keys', async () => {
    const right = newMaster();
    const wrong = newMaster();
    const store = memoryDataKeyStore();
    await createKeyRing(store, [right]);
    const e = await rejection(createKeyRing(store, [wrong]));
    expect(e.code).toBe('MASTER_KEY_INVALID');
    expect(e.message).toContain(right.id);
    expect(e.message).toContain(wrong.id);
    expect(e.message).not.toContain(wrong.key.toString('hex'));
    // Accepted when the right key is listed as an older one.
    const ring = await createKeyRing(store, [wrong, right]);
    expect(ring.masterKeyIds).toEqual([wrong.id, right.id]);
  });

  it('refuses a data key record that was altered in the store', async () => {
    const master = newMaster();
    const store = memoryDataKeyStore();
    await createKeyRing(store, [master]);
    const record = store.records[0];
    if (record === undefined) throw new Error('no record');
    store.records[0] = { ...record, id: 'dk_swapped' }; // the wrapping aad names the id, so this must fail
    const e = await rejection(createKeyRing(store, [master]));
    expect(e.code).toBe('MASTER_KEY_INVALID');
    expect(e.message).toContain('dk_swapped');
  });

  it('needs at least one master key', async () => {
    expect((await rejection(createKeyRing(memoryDataKeyStore(), []))).code).toBe('MASTER_KEY_MISSING');
  });
});

describe('memoryDataKeyStore', () => {
  it('rewrap is compare-and-set on the master key id; retire keeps the first time', async () => {
    const store = memoryDataKeyStore();
    await store.insert({ id: 'k', masterKeyId: 'm1', wrapped: 'w', createdAt: 1, retiredAt: null });
    await expect(store.insert({ id: 'k', masterKeyId: 'm1', wrapped: 'w', createdAt: 1, retiredAt: null })).rejects.toThrow(/already exists/);
    expect(await store.rewrap('k', 'm0', 'm2', 'w2')).toBe(false);
    expect(await store.rewrap('k', 'm1', 'm2', 'w2')).toBe(true);
    expect(await store.rewrap('k', 'm1', 'm3', 'w3')).toBe(false);
    expect(await store.rewrap('missing', 'm1', 'm2', 'w2')).toBe(false);
    await store.retire('k', 5);
    await store.retire('k', 9);
    expect(await store.list()).toEqual([{ id: 'k', masterKeyId: 'm2', wrapped: 'w2', createdAt: 1, retiredAt: 5 }]);
  });
});
