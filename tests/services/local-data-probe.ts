/**
 * A small program the local-data keychain tests run in child processes (under tools/with-keyring.sh,
 * or with no bus at all), so openLocalData meets a real Secret Service. Prints one JSON line.
 *   create DIR SERVICE SECRET | read DIR SERVICE | rotate DIR SERVICE
 */
import { isPosternError } from '../../src/model/errors.js';
import { openLocalData } from '../../src/services/index.js';

const ENVIRONMENT_ID = 'env-keychain';

function run(args: readonly string[]): Record<string, unknown> {
  const [command, directory, service, secret = ''] = args;
  if (!directory || !service) throw new Error('usage: local-data-probe COMMAND DIR SERVICE [SECRET]');
  const data = openLocalData({ directory, keychainService: service });
  try {
    switch (command) {
      case 'create': {
        const workspaceId = data.store.workspaces.create('Team').id;
        data.store.environments.save(workspaceId, {
          id: ENVIRONMENT_ID,
          name: 'Keychain',
          values: [{ key: 'token', initialValue: '', currentValue: secret, type: 'secret', enabled: true }],
        });
        return { protection: data.vault.protection, keyVersion: data.vault.keyVersion };
      }
      case 'read':
        return { keyVersion: data.vault.keyVersion, value: data.store.environments.get(ENVIRONMENT_ID).values[0]?.currentValue ?? null };
      case 'rotate':
        return { ...data.rotateKey() };
      default:
        throw new Error(`unknown command ${String(command)}`);
    }
  } finally {
    data.close();
  }
}

try {
  process.stdout.write(`${JSON.stringify(run(process.argv.slice(2)))}\n`);
} catch (error) {
  if (!isPosternError(error)) throw error;
  process.stdout.write(`${JSON.stringify({ error: error.code, message: error.toLine() })}\n`);
  process.exitCode = 3;
}
