import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, type Page } from '@playwright/test';
import { electronUnavailable, launchElectron } from './electron-app.js';

import type * as AgentSource from '../../src/agent/index.js';
import type * as PolicySource from '../../src/policy/index.js';
import type * as ServicesSource from '../../src/services/index.js';

type AgentModule = typeof AgentSource;
type PolicyModule = typeof PolicySource;
type ServicesModule = typeof ServicesSource;

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Where every spec writes its screenshots (git-ignored). */
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** The built modules (`npm run build`), loaded as the app loads them; typed by their sources. */
async function built<T>(path: string): Promise<T> {
  return (await import(join(root, 'dist', path))) as T;
}

/** What the target server saw: one entry per request, in arrival order. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface PosternStack {
  /** The page to open: the agent's URL with its token (browser mode), or the app's own page (Electron). */
  url: string;
  /** The local test server's origin, `http://127.0.0.1:PORT`. */
  target: string;
  /** Every request the target server received (tests read what was really sent). */
  received: ReceivedRequest[];
  /** A throwaway folder for files a test hands to the app (collections, certificates). */
  dir: string;
  /** The managed policy file the app started with, when the spec set `policy`. */
  policyFile: string | undefined;
}

/** Which app the suite drives: the renderer in Chromium over the agent, or the Electron app. */
export type AppMode = 'browser' | 'electron';

export interface StackOptions {
  readonly mode: AppMode;
  /** Managed policy values, written to a policy folder the app reads as `POSTERN_POLICY_DIR`; none by default. */
  readonly policy?: Readonly<Record<string, unknown>> | undefined;
}

/** Size of the `/big.json` body: just under 50 MiB, the default maximum response size. */
export const BIG_JSON_BYTES = 50_000_000;
let bigJson: Buffer | undefined;

/** One large JSON array built once per process, so the server answers at socket speed. */
function bigJsonBody(): Buffer {
  if (bigJson) return bigJson;
  const record = (i: number): string => JSON.stringify({ id: i, name: `item ${i}`, tags: ['alpha', 'beta'], active: i % 2 === 0, score: i * 0.5 });
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < BIG_JSON_BYTES - 200; i += 1) {
    const text = record(i);
    parts.push(text);
    size += text.length + 1;
  }
  const body = `[${parts.join(',')}]`;
  bigJson = Buffer.from(body.padEnd(BIG_JSON_BYTES, ' '));
  return bigJson;
}

/**
 * The local target server:
 * - `/big.json`: a 50 MB JSON array;
 * - `/delay/<ms>/…`: waits, then echoes (runner progress is visible);
 * - anything else: JSON echo of the method, path and headers, and a cookie.
 */
function startTarget(received: ReceivedRequest[]): Promise<Server> {
  const echo = (request: IncomingMessage, response: ServerResponse): void => {
    response.setHeader('Content-Type', 'application/json');
    response.setHeader('Set-Cookie', 'session=e2e; Path=/; HttpOnly');
    response.end(JSON.stringify({ greeting: 'hello from the e2e server', method: request.method, path: request.url, headers: request.headers }));
  };
  const server = createServer((request, response) => {
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    const url = request.url ?? '/';
    if (url.startsWith('/big.json')) {
      const body = bigJsonBody();
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      response.end(body);
      return;
    }
    const delay = /^\/delay\/(\d+)/.exec(url);
    if (delay) {
      setTimeout(() => echo(request, response), Number(delay[1]));
      return;
    }
    echo(request, response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface RunningStack extends PosternStack {
  /** The Electron window (Electron mode only). */
  readonly window: Page | undefined;
  close(): Promise<void>;
}

/**
 * The app under test over a throwaway data folder, and the target server. Browser mode: the real
 * services (from dist/) and the agent serving dist/renderer. Electron mode: the desktop app itself.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dir = mkdtempSync(join(tmpdir(), 'postern-e2e-'));
  // Never this machine's policy: an explicit folder, empty unless the spec sets values.
  const policyDir = join(dir, 'policy');
  mkdirSync(policyDir);
  const policyFile = options.policy === undefined ? undefined : join(policyDir, 'postern.json');
  if (policyFile !== undefined) writeFileSync(policyFile, JSON.stringify(options.policy));
  const received: ReceivedRequest[] = [];
  const target = await startTarget(received);
  const closeTarget = async (): Promise<void> => {
    target.closeAllConnections();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  };
  const stack = { target: `http://127.0.0.1:${(target.address() as AddressInfo).port}`, received, dir, policyFile };

  if (options.mode === 'electron') {
    const electron = await launchElectron(root, { dataDir: join(dir, 'data'), policyDir });
    return {
      ...stack,
      url: electron.url,
      window: electron.window,
      async close() {
        await electron.app.close();
        await closeTarget();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const { startAgent } = await built<AgentModule>('src/agent/index.js');
  const { createDesktopServices } = await built<ServicesModule>('src/services/index.js');
  const { readPolicyDocuments } = await built<PolicyModule>('src/policy/index.js');
  const policy = await readPolicyDocuments({ env: { POSTERN_POLICY_DIR: policyDir } });
  const services = await createDesktopServices({ dataDir: join(dir, 'data'), vault: { passphrase: 'e2e passphrase, not a secret' }, policy });
  const agent = await startAgent({ handlers: services, staticDir: join(root, 'dist', 'renderer') });
  if (!agent.uiBuilt) throw new Error('dist/renderer is not built: run `npm run build:renderer` (or `npm run e2e`)');
  return {
    ...stack,
    url: agent.url,
    window: undefined,
    async close() {
      await closeTarget();
      await agent.close();
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface WorkerFixtures {
  /** Set per project in playwright.config.ts. */
  mode: AppMode;
  /** Managed policy values for this file's stack (`test.use({ policy: {...} })`). */
  policy: Readonly<Record<string, unknown>> | undefined;
  /** Why this project cannot run here (Electron without a binary), or undefined. */
  unavailable: string | undefined;
  stack: RunningStack | undefined;
  postern: PosternStack;
}

interface TestFixtures {
  /** Skips the test, saying why, when its project cannot run on this machine. */
  gate: void;
  /** Where this test writes a named screenshot (git-ignored; per project). */
  shot: (name: string) => string;
}

/** One app and one target server per worker; `page` is the Electron window in Electron mode. */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  mode: ['browser', { option: true, scope: 'worker' }],
  policy: [undefined, { option: true, scope: 'worker' }],
  unavailable: [async ({ mode }, use) => use(mode === 'electron' ? electronUnavailable(root) : undefined), { scope: 'worker' }],
  stack: [
    async ({ mode, policy, unavailable }, use) => {
      if (unavailable !== undefined) {
        await use(undefined);
        return;
      }
      const running = await startStack({ mode, policy });
      await use(running);
      await running.close();
    },
    { scope: 'worker' },
  ],
  postern: [
    async ({ stack, unavailable }, use) => {
      // Only reached when the gate let the test run; a skipped test never asks for it.
      if (stack === undefined) throw new Error(`this project cannot run here: ${unavailable ?? 'unknown reason'}`);
      await use(stack);
    },
    { scope: 'worker' },
  ],
  gate: [
    async ({ unavailable }, use, testInfo) => {
      if (unavailable !== undefined) testInfo.skip(true, `Electron project skipped: ${unavailable}`);
      await use();
    },
    { auto: true },
  ],
  page: async ({ gate, stack, mode, page }, use) => {
    void gate;
    await use(mode === 'electron' && stack?.window !== undefined ? stack.window : page);
  },
  shot: async ({ mode }, use) => {
    const dir = mode === 'electron' ? join(SCREENSHOTS, 'electron') : SCREENSHOTS;
    mkdirSync(dir, { recursive: true });
    await use((name) => join(dir, `${name}.png`));
  },
});

export { expect } from '@playwright/test';
