/** Row ids: a short prefix that says what the row is, then 128 random bits. */
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'usr' | 'ses' | 'chl' | 'rc' | 'team' | 'grp' | 'key' | 'aud' | 'job' | 'dk' | 'inv' | 'invl';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
