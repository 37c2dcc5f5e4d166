/**
 * Store benchmark: import a generated 10,000-request Postman collection (nested folders) into a fresh
 * database, open the file again and list the workspace tree, then fill history to 100,000 entries and
 * time reading the latest 50, inserting with pruning, and pruning after the cap is lowered.
 * Budgets: import < 1,000 ms, open + tree < 50 ms. The last line is one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importPostmanCollection } from '../src/formats/index.js';
import { openStore } from '../src/store/index.js';
import type { Request } from '../src/model/index.js';

const FOLDERS = 10;
const SUBFOLDERS = 10;
const REQUESTS_EACH = 100;
const HISTORY = 100_000;
const ROUNDS = 10;

function postmanRequest(f: number, s: number, r: number): Record<string, unknown> {
  return {
    name: `Request ${f}.${s}.${r}`,
    event: [{ listen: 'test', script: { type: 'text/javascript', exec: ['pm.test("ok", () => pm.response.to.have.status(200));'] } }],
    request: {
      method: r % 3 === 0 ? 'POST' : 'GET',
      header: [{ key: 'Accept', value: 'application/json' }, { key: 'X-Trace', value: `{{trace}}-${r}` }],
      url: { raw: `{{baseUrl}}/api/${f}/${s}/items/${r}?page=1`, host: ['{{baseUrl}}'], path: ['api', `${f}`, `${s}`, 'items', `${r}`], query: [{ key: 'page', value: '1' }] },
      ...(r % 3 === 0 ? { body: { mode: 'raw', raw: JSON.stringify({ name: `item ${r}`, tags: ['a', 'b'] }), options: { raw: { language: 'json' } } } } : {}),
    },
    response: [],
  };
}

/** A Postman v2.1 export of FOLDERS × SUBFOLDERS × REQUESTS_EACH requests, as a file would hold it. */
function generatedCollection(): string {
  const item = Array.from({ length: FOLDERS }, (_, f) => ({
    name: `Folder ${f}`,
    item: Array.from({ length: SUBFOLDERS }, (_, s) => ({
      name: `Folder ${f}.${s}`,
      item: Array.from({ length: REQUESTS_EACH }, (_, r) => postmanRequest(f, s, r)),
    })),
  }));
  return JSON.stringify({
    info: { _postman_id: 'bench-collection', name: 'Bench', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item,
    variable: [{ key: 'baseUrl', value: 'http://127.0.0.1:8080' }],
  });
}

function best(times: number[]): number {
  return Math.min(...times);
}

function round(ms: number): number {
  return Number(ms.toFixed(2));
}

function historyRequest(i: number): Request {
  return { method: 'GET', url: `http://127.0.0.1:8080/items/${i}`, query: [], pathVariables: [], headers: [], body: { mode: 'none' } };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'postern-store-bench-'));
  const file = join(dir, 'bench.db');
  try {
    const text = generatedCollection();
    const requests = FOLDERS * SUBFOLDERS * REQUESTS_EACH;
    let store = openStore(file);
    const workspaceId = store.workspaces.create('Bench').id;

    const importStart = performance.now();
    const collectionId = store.collections.import(workspaceId, text, { file: 'bench.postman_collection.json' });
    const importMs = performance.now() - importStart;
    store.close();

    // Warm runs, each into a fresh file: the whole import, and the src/formats part alone.
    const warmImports: number[] = [];
    const formatsOnly: number[] = [];
    for (let round = 0; round < 3; round++) {
      const scratch = openStore(join(dir, `warm-${round}.db`));
      const scratchWorkspace = scratch.workspaces.create('Warm').id;
      const start = performance.now();
      scratch.collections.import(scratchWorkspace, text);
      warmImports.push(performance.now() - start);
      scratch.close();
      const parseStart = performance.now();
      importPostmanCollection(JSON.parse(text));
      formatsOnly.push(performance.now() - parseStart);
    }

    const openTree: number[] = [];
    const treeOnly: number[] = [];
    let nodes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      store = openStore(file);
      const trees = store.collections.workspaceTree(workspaceId);
      openTree.push(performance.now() - start);
      const again = performance.now();
      store.collections.tree(collectionId);
      treeOnly.push(performance.now() - again);
      nodes = trees.reduce((sum, tree) => sum + countNodes(tree.items), 0);
      store.close();
    }

    store = openStore(file);
    store.settings.save({ history: { maxEntries: HISTORY } });
    const body = Buffer.from(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) }));
    const historyStart = performance.now();
    for (let i = 0; i < HISTORY; i++) {
      store.history.add(workspaceId, {
        request: historyRequest(i),
        response: { status: 200, timeMs: 3.2, size: body.length, headers: [{ key: 'Content-Type', value: 'application/json', enabled: true }], body },
      });
    }
    const historyInsertMs = performance.now() - historyStart;
    const latest: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      store.history.list(workspaceId, 50);
      latest.push(performance.now() - start);
    }
    const pruningStart = performance.now();
    for (let i = 0; i < 1_000; i++) store.history.add(workspaceId, { request: historyRequest(HISTORY + i), response: { status: 204, timeMs: 1, size: 0, headers: [], body: Buffer.alloc(0) } });
    const insertWithPruneMs = (performance.now() - pruningStart) / 1_000;
    const entriesAtCap = store.history.count();
    store.settings.save({ history: { maxEntries: HISTORY / 2 } });
    const pruneStart = performance.now();
    const pruned = store.history.prune();
    const pruneMs = performance.now() - pruneStart;
    store.close();

    const importBudget = 1_000;
    const treeBudget = 50;
    console.log(`store bench (${requests} requests in ${FOLDERS}×${SUBFOLDERS} folders; ${HISTORY} history entries)`);
    console.log(`  import (JSON text → src/formats → SQLite, one transaction), first run: ${round(importMs)} ms (budget < ${importBudget} ms)`);
    console.log(`  import, warm, best of 3: ${round(best(warmImports))} ms, of which src/formats (parsed JSON → model) ${round(best(formatsOnly))} ms`);
    console.log(`  open the file + list the workspace tree (${nodes} nodes), best of ${ROUNDS}: ${round(best(openTree))} ms (budget < ${treeBudget} ms)`);
    console.log(`  list the tree on an open store, best of ${ROUNDS}: ${round(best(treeOnly))} ms`);
    console.log(`  history: ${HISTORY} inserts, one transaction each: ${round(historyInsertMs)} ms (${round((historyInsertMs * 1000) / HISTORY)} µs each)`);
    console.log(`  history: latest 50 of ${HISTORY}, best of ${ROUNDS}: ${round(best(latest))} ms`);
    console.log(`  history: insert at the cap (pruning one each): ${round(insertWithPruneMs * 1000)} µs each; ${entriesAtCap} entries kept`);
    console.log(`  history: prune ${pruned} entries after lowering the cap to ${HISTORY / 2}: ${round(pruneMs)} ms`);
    console.log(
      JSON.stringify({
        bench: 'store',
        requests,
        import_ms: round(importMs),
        import_warm_ms: round(best(warmImports)),
        formats_ms: round(best(formatsOnly)),
        import_budget_ms: importBudget,
        open_tree_ms: round(best(openTree)),
        tree_ms: round(best(treeOnly)),
        tree_budget_ms: treeBudget,
        history_entries: HISTORY,
        history_insert_us: round((historyInsertMs * 1000) / HISTORY),
        history_latest50_ms: round(best(latest)),
        history_insert_at_cap_us: round(insertWithPruneMs * 1000),
        history_prune_ms: round(pruneMs),
        history_pruned: pruned,
        within_budget: importMs < importBudget && best(openTree) < treeBudget,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function countNodes(nodes: readonly { children?: readonly unknown[] }[]): number {
  return nodes.reduce((sum, node) => sum + 1 + (node.children ? countNodes(node.children as { children?: readonly unknown[] }[]) : 0), 0);
}

try {
  main();
} catch (error: unknown) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
