/**
 * The real team server for sync tests: composed over a test database and listening on a loopback port,
 * with users signed in through the accounts service and a team and workspace made through its HTTP API.
 * `restart()` closes the app and starts a new one over the same database on the same port.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { composeServer, type ServerServices } from '../../src/server/compose.js';
import type { DatabaseKind } from '../../src/server/db/index.js';
import type { SyncRouteOptions } from '../../src/server/http/routes/sync.js';
import { openTestContext, type TestContext } from '../server/support/context.js';

const PASSWORD = 'a long enough password';
const META = { ip: '127.0.0.1', userAgent: 'vitest' };

export interface SyncTestUser {
  readonly id: string;
  readonly email: string;
  readonly token: string;
}

export interface TeamServer {
  readonly test: TestContext;
  readonly baseUrl: string;
  app(): FastifyInstance;
  services(): ServerServices;
  /** Stops listening (clients now see a refused connection). */
  stop(): Promise<void>;
  /** A new app over the same database, on the same port. */
  start(): Promise<void>;
  user(label: string): Promise<SyncTestUser>;
  /** `method url` as `user`; fails the test unless the status is `expect`. */
  call<T>(user: SyncTestUser, method: string, url: string, body: unknown, expect: number): Promise<T>;
  close(): Promise<void>;
}

export async function openTeamServer(kind: DatabaseKind, sync: SyncRouteOptions = {}): Promise<TeamServer> {
  const test = await openTestContext(kind);
  const options = { rateLimit: null, sync: { pingIntervalMs: 200, ...sync } };
  let composed = await composeServer(test.ctx, options);
  await composed.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = composed.app.server.address() as AddressInfo;
  let running = true;
  let counter = 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  const server: TeamServer = {
    test,
    baseUrl,
    app: () => composed.app,
    services: () => composed.services,
    async stop() {
      if (!running) return;
      running = false;
      await composed.app.close();
    },
    async start() {
      if (running) return;
      composed = await composeServer(test.ctx, options);
      await composed.app.listen({ port, host: '127.0.0.1' });
      running = true;
    },
    async user(label) {
      counter += 1;
      const email = `${label}-${counter}-${randomBytes(3).toString('hex')}@example.com`;
      const { accounts } = composed.services;
      await accounts.signUp({ email, name: label, password: PASSWORD }, META);
      const result = await accounts.signIn({ email, password: PASSWORD }, META);
      if (!('token' in result)) throw new Error(`no session for ${email}`);
      const principal = await accounts.authenticateSession(result.token, META);
      return { id: principal.userId, email, token: result.token };
    },
    async call<T>(user: SyncTestUser, method: string, url: string, body: unknown, expect: number): Promise<T> {
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { authorization: `Bearer ${user.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status !== expect) throw new Error(`${method} ${url}: ${response.status} ${text}`);
      return (text === '' ? null : JSON.parse(text)) as T;
    },
    async close() {
      await server.stop();
      await test.close();
    },
  };
  return server;
}

/** A team owned by `owner` with `members` as Developers, and a Team workspace where they are Editors. */
export async function sharedWorkspace(server: TeamServer, owner: SyncTestUser, members: readonly SyncTestUser[]): Promise<string> {
  const team = await server.call<{ id: string }>(owner, 'POST', '/teams', { name: `Sync team ${randomBytes(2).toString('hex')}` }, 201);
  await server.call(owner, 'PUT', `/teams/${team.id}/plan`, { plan: 'professional' }, 200);
  for (const member of members) await server.call(owner, 'POST', `/teams/${team.id}/members`, { email: member.email, roles: ['developer'] }, 201);
  const workspace = await server.call<{ id: string }>(owner, 'POST', `/teams/${team.id}/workspaces`, { name: 'Shared', visibility: 'team' }, 201);
  for (const member of members) await server.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'user', id: member.id, role: 'editor' }, 201);
  return workspace.id;
}
