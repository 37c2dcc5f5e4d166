/**
 * Child process for crash.test.ts: replaces a collection with a large one and is killed (SIGKILL) from
 * a worker thread half-way through the transaction: after the item rows, while a secret is sealed.
 * Arguments: database file, workspace id, collection id, key (hex).
 */
import { writeSync } from 'node:fs';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Collection, Item } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { aesSealer } from './sealer.js';

const [file = '', workspaceId = '', collectionId = '', keyHex = ''] = process.argv.slice(2);
const flag = new Int32Array(new SharedArrayBuffer(4));
const killer = new Worker(
  `const { workerData } = require('node:worker_threads');
   const flag = new Int32Array(workerData);
   Atomics.wait(flag, 0, 0);
   process.kill(process.pid, 'SIGKILL');`,
  { eval: true, workerData: flag.buffer },
);
await once(killer, 'online');

const real = aesSealer(Buffer.from(keyHex, 'hex'));
const store = openStore(file, {
  sealer: {
    seal(plain, aad) {
      if (plain === 'CRASH-NOW') {
        writeSync(1, 'in-transaction\n');
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
        // Block here until the worker kills the process.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
      return real.seal(plain, aad);
    },
    open: (blob, aad) => real.open(blob, aad),
  },
});

const items: Item[] = Array.from({ length: 5_000 }, (_, i) => ({
  kind: 'request',
  id: `big-${i}`,
  name: `Big ${i}`,
  request: { method: 'GET', url: `http://127.0.0.1/${i}`, query: [], pathVariables: [], headers: [], body: { mode: 'none' } },
  responses: [],
  scripts: {},
}));
const replacement: Collection = {
  id: collectionId,
  name: 'Replacement',
  items,
  scripts: {},
  variables: [{ key: 'token', initialValue: '', currentValue: 'CRASH-NOW', type: 'secret', enabled: true }],
};
store.collections.put(workspaceId, replacement);
writeSync(1, 'finished\n');
store.close();
process.exit(0);
