/** Row ids for workspace tables, in the shape of db/ids.ts: a prefix that says what the row is, then 128 random bits. */
import { randomBytes } from 'node:crypto';

export function newWorkspaceRowId(prefix: 'ws' | 'wpr'): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
