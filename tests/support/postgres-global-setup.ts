/**
 * Vitest globalSetup: one throwaway PostgreSQL per test run, shared by every test file. Tests get its
 * superuser URL with `inject('postgresUrl')` and make their own database with `createDatabase()`.
 * Set POSTERN_TEST_DATABASE_URL to use an existing server instead (nothing is started then); set
 * POSTERN_TEST_POSTGRES_LOG=1 to see the server's start-up log.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `postgres://USER:PASSWORD@HOST:PORT/DB` of a server where this user may CREATE DATABASE. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env['POSTERN_TEST_DATABASE_URL'];
  if (existing) {
    project.provide('postgresUrl', existing);
    return async () => undefined;
  }
  const verbose = Boolean(process.env['POSTERN_TEST_POSTGRES_LOG']);
  const instance = await startPostgres({ log: verbose ? (line) => console.error(line) : undefined });
  project.provide('postgresUrl', instance.url);
  return () => instance.stop();
}
