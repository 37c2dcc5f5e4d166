import { describe, expect, it } from 'vitest';
import type { CreateSandboxOptions, ScriptSandbox } from '../scripts/index.js';
import { sandboxSupply } from './sandbox-supply.js';

/** Real sandboxes (inline isolation: no worker thread needed to see which instance is handed out), counted. */
async function fakeCounter(): Promise<{ create: (o: CreateSandboxOptions) => Promise<ScriptSandbox>; made: { options: CreateSandboxOptions; disposed: boolean }[] }> {
  const made: { options: CreateSandboxOptions; disposed: boolean }[] = [];
  const { createSandbox } = await import('../scripts/index.js');
  return {
    made,
    create: async (options) => {
      const record = { options, disposed: false };
      made.push(record);
      const sandbox = await createSandbox({ ...options, isolation: 'inline' });
      return {
        run: (input, host) => sandbox.run(input, host),
        dispose: () => {
          record.disposed = true;
          sandbox.dispose();
        },
      };
    },
  };
}

describe('the spare sandbox supply', () => {
  it('hands each send a sandbox nobody used, starting the next one ahead', async () => {
    const { create, made } = await fakeCounter();
    const supply = sandboxSupply(create);
    const first = await supply.take({ timeoutMs: 1000 });
    expect(made).toHaveLength(2); // the one taken and a spare
    const second = await supply.take({ timeoutMs: 1000 });
    expect(second).not.toBe(first);
    expect(made).toHaveLength(3); // the spare was handed out, a new spare started
    await supply.close();
    expect(made[2]?.disposed).toBe(true);
    expect(made[0]?.disposed).toBe(false); // taken sandboxes are their sends' to dispose
  });

  it('drops a spare started with other limits, and keeps no spare after close', async () => {
    const { create, made } = await fakeCounter();
    const supply = sandboxSupply(create);
    await supply.take({ timeoutMs: 1000 });
    await supply.take({ timeoutMs: 2000 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(made[1]?.disposed).toBe(true);
    expect(made[2]?.options.timeoutMs).toBe(2000);
    await supply.close();
    const count = made.length;
    await supply.take({ timeoutMs: 2000 });
    expect(made.length).toBe(count + 1); // the last spare was closed: a fresh one, and no new spare
  });
});
