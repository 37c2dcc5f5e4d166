import { beforeAll, describe, expect, it } from 'vitest';
import { PosternError } from '../model/errors.js';
import { openVault } from './open-vault.js';
import type { PassphraseHeader } from './passphrase-key-store.js';
import { keyVersionOf, recordAad } from './sealed-value.js';
import type { Vault } from './vault.js';

const PASSPHRASE = 'correct horse battery staple';

function errorOf(action: () => unknown): PosternError {
  try {
    action();
  } catch (error) {
    if (error instanceof PosternError) return error;
    throw error;
  }
  throw new Error('expected a PosternError, got none');
}

/** A vault protected by a passphrase, with its header kept where a store would persist it. */
function passphraseVault(): { vault: Vault; saved: () => PassphraseHeader } {
  let header: PassphraseHeader | null = null;
  const vault = openVault({ passphrase: PASSPHRASE, header: null, saveHeader: (next) => (header = next) });
  return {
    vault,
    saved: () => {
      if (!header) throw new Error('no header was saved');
      return header;
    },
  };
}

describe('passphrase vault', () => {
  // scrypt at full cost takes most of a second, so the cases that leave the vault as it was share one.
  let shared: ReturnType<typeof passphraseVault>;
  beforeAll(() => {
    shared = passphraseVault();
  });

  it('seals and opens a value, and a second unlock with the same passphrase opens it too', () => {
    const { vault, saved } = shared;
    const aad = recordAad('variables', 1, 'current_value');
    const sealed = vault.seal('hunter2 ✓', aad);
    expect(vault.protection).toBe('passphrase');
    expect(vault.open(sealed, aad)).toBe('hunter2 ✓');
    expect(JSON.stringify(saved())).not.toContain('hunter2');

    const again = openVault({ passphrase: PASSPHRASE, header: saved(), saveHeader: () => undefined });
    expect(again.open(sealed, aad)).toBe('hunter2 ✓');
  });

  it('refuses a wrong passphrase with VAULT_WRONG_PASSPHRASE', () => {
    const { saved } = shared;
    const error = errorOf(() => openVault({ passphrase: 'not the passphrase', header: saved(), saveHeader: () => undefined }));
    expect(error.code).toBe('VAULT_WRONG_PASSPHRASE');
    expect(error.toLine()).toBe('vault: the passphrase is wrong');
  });

  it('refuses a header whose scrypt cost was lowered, and a weak new passphrase', () => {
    const { saved } = shared;
    const weakened = { ...saved(), N: 2 ** 10 };
    expect(errorOf(() => openVault({ passphrase: PASSPHRASE, header: weakened, saveHeader: () => undefined })).code).toBe('INVALID_INPUT');
    expect(errorOf(() => openVault({ passphrase: 'short', header: null, saveHeader: () => undefined })).code).toBe('INVALID_INPUT');
    expect(
      errorOf(() => openVault({ passphrase: PASSPHRASE, header: null, saveHeader: () => undefined, scrypt: { N: 2 ** 12, r: 8, p: 1 } })).code,
    ).toBe('INVALID_INPUT');
  });

  it('refuses a header with its current key removed rather than accepting any passphrase', () => {
    const { saved } = shared;
    const emptied = { ...saved(), keys: [] };
    expect(errorOf(() => openVault({ passphrase: 'any passphrase at all', header: emptied, saveHeader: () => undefined })).code).toBe('VAULT_TAMPERED');
  });

  it('does not open a value moved to another row or field', () => {
    const { vault } = shared;
    const sealed = vault.seal('token-of-row-1', recordAad('variables', 1, 'current_value'));
    expect(errorOf(() => vault.open(sealed, recordAad('variables', 2, 'current_value'))).code).toBe('VAULT_TAMPERED');
    expect(errorOf(() => vault.open(sealed, recordAad('oauth_tokens', 1, 'access_token'))).code).toBe('VAULT_TAMPERED');
  });

  it('gives a fresh nonce to every seal of the same value', () => {
    const { vault } = shared;
    const aad = recordAad('variables', 1, 'current_value');
    const a = vault.seal('same', aad);
    const b = vault.seal('same', aad);
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(5, 17).equals(b.subarray(5, 17))).toBe(false);
  });

  it('tells a tampered older wrapped key from a wrong passphrase', () => {
    const { vault, saved } = passphraseVault();
    let midRotation: PassphraseHeader | null = null;
    expect(() =>
      vault.rotate(() => {
        midRotation = saved();
        throw new Error('stop here, with both keys in the header');
      }),
    ).toThrow('stop here');
    const header = midRotation as PassphraseHeader | null;
    if (!header) throw new Error('no header mid-rotation');
    expect(header.keys.map((k) => k.version)).toEqual([1, 2]);
    const flip = (version: number): PassphraseHeader => ({
      ...header,
      keys: header.keys.map((k) => {
        if (k.version !== version) return k;
        const bytes = Buffer.from(k.wrapped, 'base64');
        bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
        return { version: k.version, wrapped: bytes.toString('base64') };
      }),
    });
    const unlock = (h: PassphraseHeader) => () => openVault({ passphrase: PASSPHRASE, header: h, saveHeader: () => undefined });
    expect(openVault({ passphrase: PASSPHRASE, header, saveHeader: () => undefined }).keyVersion).toBe(2);
    expect(errorOf(unlock(flip(1))).code).toBe('VAULT_TAMPERED');
    // The current wrapped key is the passphrase check, so altering it reads as a wrong passphrase.
    expect(errorOf(unlock(flip(2))).code).toBe('VAULT_WRONG_PASSPHRASE');
  });

  it('rotates: re-seals every value under a new key; old values open until rotation ends', () => {
    const { vault, saved } = passphraseVault();
    const rows = new Map<number, Buffer>();
    for (let id = 1; id <= 5; id += 1) rows.set(id, vault.seal(`secret-${id}`, recordAad('variables', id, 'current_value')));
    const untouched = vault.seal('left behind', recordAad('variables', 99, 'current_value'));
    expect(vault.keyVersion).toBe(1);

    const result = vault.rotate((reseal) => {
      // Mid-rotation both keys are held: an old value still opens, new seals use the new key.
      expect(vault.open(untouched, recordAad('variables', 99, 'current_value'))).toBe('left behind');
      expect(keyVersionOf(vault.seal('new', recordAad('variables', 100, 'current_value')))).toBe(2);
      expect(saved().keys.map((k) => k.version)).toEqual([1, 2]);
      for (const [id, sealed] of rows) rows.set(id, reseal(sealed, recordAad('variables', id, 'current_value')));
    });

    expect(result).toEqual({ keyVersion: 2, retiredVersions: [1], keptVersions: [] });
    for (const [id, sealed] of rows) {
      expect(keyVersionOf(sealed)).toBe(2);
      expect(vault.open(sealed, recordAad('variables', id, 'current_value'))).toBe(`secret-${id}`);
    }
    expect(errorOf(() => vault.open(untouched, recordAad('variables', 99, 'current_value'))).code).toBe('VAULT_KEY_MISSING');
    expect(saved()).toMatchObject({ current: 2, keys: [{ version: 2 }] });

    const reopened = openVault({ passphrase: PASSPHRASE, header: saved(), saveHeader: () => undefined });
    expect(reopened.keyVersion).toBe(2);
    expect(reopened.open(rows.get(3) ?? Buffer.alloc(0), recordAad('variables', 3, 'current_value'))).toBe('secret-3');
  });

  it('keeps the old key current when the re-sealing transaction fails', () => {
    const { vault, saved } = passphraseVault();
    const aad = recordAad('variables', 1, 'current_value');
    const sealed = vault.seal('kept', aad);
    expect(() =>
      vault.rotate((reseal) => {
        reseal(sealed, aad);
        throw new Error('transaction rolled back');
      }),
    ).toThrow('transaction rolled back');
    expect(vault.keyVersion).toBe(1);
    expect(vault.open(sealed, aad)).toBe('kept');
    expect(saved()).toMatchObject({ current: 1, keys: [{ version: 1 }] });
    expect(keyVersionOf(vault.seal('next', aad))).toBe(1);
  });

  it('refuses to seal or open once closed', () => {
    const { vault } = passphraseVault();
    const aad = recordAad('variables', 1, 'current_value');
    const sealed = vault.seal('x', aad);
    vault.close();
    expect(errorOf(() => vault.open(sealed, aad)).code).toBe('VAULT_LOCKED');
    expect(errorOf(() => vault.seal('y', aad)).code).toBe('VAULT_LOCKED');
  });
});
