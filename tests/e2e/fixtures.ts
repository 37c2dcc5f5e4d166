import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

import type * as AgentSource from '../../src/agent/index.js';
import type * as ServicesSource from '../../src/services/index.js';

type AgentModule = typeof AgentSource;
type ServicesModule = typeof ServicesSource;

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The built modules (`npm run build`), loaded as the app loads them; typed by their sources. */
async function built<T>(path: string): Promise<T> {
  return (await import(join(root, 'dist', path))) as T;
}

export interface PosternStack {
  /** The page to open: the agent's URL with its token. */
  url: string;
  /** The local test server's origin, `http://127.0.0.1:PORT`. */
  target: string;
}

/** A local HTTP server: JSON echo of the method and path, and a cookie. */
function startTarget(): Promise<Server> {
  const server = createServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    response.setHeader('Set-Cookie', 'session=e2e; Path=/; HttpOnly');
    response.end(JSON.stringify({ greeting: 'hello from the e2e server', method: request.method, path: request.url }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One stack per worker: real desktop services over a throwaway data folder, the agent, and the target server. */
export const test = base.extend<object, { postern: PosternStack }>({
  postern: [
    // Playwright reads a fixture's dependencies from its first parameter's destructuring; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { startAgent } = await built<AgentModule>('src/agent/index.js');
      const { createDesktopServices } = await built<ServicesModule>('src/services/index.js');
      const dir = mkdtempSync(join(tmpdir(), 'postern-e2e-'));
      const services = await createDesktopServices({ dataDir: join(dir, 'data'), vault: { passphrase: 'e2e passphrase, not a secret' }, policy: [] });
      const agent = await startAgent({ handlers: services, staticDir: join(root, 'dist', 'renderer') });
      const target = await startTarget();
      if (!agent.uiBuilt) throw new Error('dist/renderer is not built: run `npm run build:renderer` (or `npm run e2e`)');
      await use({ url: agent.url, target: `http://127.0.0.1:${(target.address() as AddressInfo).port}` });
      await new Promise<void>((resolve) => target.close(() => resolve()));
      await agent.close();
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
