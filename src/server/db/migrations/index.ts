/** Every migration, in order. Names sort; never rename or edit one that has shipped. */
import type { Migration } from 'kysely';
import * as core from './001-core.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-core': core,
};
