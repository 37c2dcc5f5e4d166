/** Liveness (the process answers) and readiness (the database answers too). */
import { z } from 'zod';
import type { Kysely } from 'kysely';
import { pingDatabase, type Database } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { RoutePlugin } from '../app.js';

const Status = z.object({ status: z.literal('ok') });

export function healthRoutes(db: Kysely<Database>): RoutePlugin {
  return (app) => {
    app.get('/healthz', { config: { access: { kind: 'public' } }, schema: { tags: ['health'], response: { 200: Status } } }, async () => ({ status: 'ok' as const }));
    app.get('/readyz', { config: { access: { kind: 'public' } }, schema: { tags: ['health'], response: { 200: Status } } }, async () => {
      try {
        await pingDatabase(db);
      } catch (error) {
        throw new ServerError('DATABASE_UNREACHABLE', 'The database does not answer', {}, { cause: error });
      }
      return { status: 'ok' as const };
    });
  };
}
