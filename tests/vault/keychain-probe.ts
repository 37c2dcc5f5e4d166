/**
 * A small program the keychain tests run in child processes (under tools/with-keyring.sh, or with no
 * bus at all), so the vault meets a real Secret Service in a process of its own. Prints one JSON line.
 *   seal SERVICE AAD PLAINTEXT | open SERVICE AAD HEX | rotate SERVICE AAD HEX | key-hex SERVICE [VERSION]
 *   forget-current SERVICE (deletes the entry naming the current key, as a user might by hand)
 */
import { Entry } from '@napi-rs/keyring';
import { isPosternError } from '../../src/model/errors.js';
import { KeychainKeyStore, keyVersionOf, openVault } from '../../src/vault/index.js';

function run(args: readonly string[]): Record<string, unknown> {
  const [command, service, aad = '', value = ''] = args;
  if (!service) throw new Error('usage: keychain-probe COMMAND SERVICE [AAD] [VALUE]');
  switch (command) {
    case 'seal': {
      const vault = openVault({ keychain: true, service });
      const sealed = vault.seal(value, aad);
      return { keyVersion: vault.keyVersion, protection: vault.protection, sealed: sealed.toString('hex') };
    }
    case 'open': {
      const vault = openVault({ keychain: true, service });
      return { plaintext: vault.open(Buffer.from(value, 'hex'), aad) };
    }
    case 'rotate': {
      const vault = openVault({ keychain: true, service });
      const resealed: Buffer[] = [];
      const result = vault.rotate((reseal) => {
        resealed.push(reseal(Buffer.from(value, 'hex'), aad));
      });
      const [sealed] = resealed;
      if (!sealed) throw new Error('rotate: reseal was not called');
      return { ...result, sealed: sealed.toString('hex'), sealedKeyVersion: keyVersionOf(sealed) };
    }
    case 'key-hex': {
      // Test-only: reads the raw key so the test can look for it on disk.
      const store = new KeychainKeyStore({ service });
      const version = aad ? Number(aad) : store.currentVersion();
      const key = version === null ? null : store.get(version);
      return { keyVersion: version, keyHex: key?.toString('hex') ?? null };
    }
    case 'forget-current': {
      const entry = new Entry(service, 'master-key-current', { linux: { store: 'secret-service' } });
      return { deleted: entry.deleteCredential() };
    }
    default:
      throw new Error(`unknown command ${String(command)}`);
  }
}

try {
  process.stdout.write(`${JSON.stringify(run(process.argv.slice(2)))}\n`);
} catch (error) {
  if (!isPosternError(error)) throw error;
  process.stdout.write(`${JSON.stringify({ error: error.code, message: error.toLine() })}\n`);
  process.exitCode = 3;
}
