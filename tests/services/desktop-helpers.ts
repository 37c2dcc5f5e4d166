import { createPosternApi, type OperationName, type PosternApi, type WireResult } from '../../src/api/index.js';
import { createDesktopServices, localTransport, type DesktopServices, type DesktopServicesOptions } from '../../src/services/index.js';
import { makeTempDir, type TempDir } from '../support/index.js';

export const VAULT_PASSPHRASE = 'correct horse battery staple';

export interface OpenedServices {
  readonly services: DesktopServices;
  readonly api: PosternApi;
  readonly dir: TempDir;
  /** Every call that went through the api and what came back, in order. */
  readonly calls: Array<{ name: OperationName; result: WireResult<unknown> }>;
  /** Every event payload delivered to api.on listeners. */
  readonly events: unknown[];
  close(): Promise<void>;
}

/** Real services on a temp data folder with a passphrase vault, reached through the contract as the renderer would. */
export async function openServices(options: Partial<DesktopServicesOptions> = {}): Promise<OpenedServices> {
  const dir = makeTempDir('postern-services-');
  const services = await createDesktopServices({ dataDir: dir.file('data'), vault: { passphrase: VAULT_PASSPHRASE }, policy: [], ...options });
  const transport = localTransport(services);
  const calls: OpenedServices['calls'] = [];
  const events: unknown[] = [];
  const api = createPosternApi({
    invoke: async (name, input) => {
      const result = await transport.invoke(name, input);
      calls.push({ name, result });
      return result;
    },
    subscribe: (event, listener) =>
      transport.subscribe(event, (payload) => {
        events.push(payload);
        listener(payload);
      }),
  });
  return {
    services,
    api,
    dir,
    calls,
    events,
    async close() {
      await services.close();
      dir.cleanup();
    },
  };
}

/** What an awaited api call threw, for asserting on its code. */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; where?: { path?: string } }> {
  try {
    await promise;
  } catch (error) {
    const wire = (error as { wire?: { code: string; message: string; where?: { path?: string } } }).wire;
    if (wire) return wire;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
