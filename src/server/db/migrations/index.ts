/** Every migration, in order. Names sort; never rename or edit one that has shipped. */
import type { Migration } from 'kysely';
import * as core from './001-core.js';
import * as workspaces from './002-workspaces.js';
import * as invites from './003-invites.js';
import * as elements from './004-elements.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-core': core,
  '002-workspaces': workspaces,
  '003-invites': invites,
  '004-elements': elements,
};
