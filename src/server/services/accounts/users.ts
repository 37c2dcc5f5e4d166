/** Reading user rows, and the checks several account operations share. */
import type { Selectable } from 'kysely';
import type { ServerContext } from '../../context.js';
import type { UsersTable } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { Executor } from './user-audit.js';

export type UserRow = Selectable<UsersTable>;

export function totpAad(userId: string): string {
  return `users.totp_secret:${userId}`;
}

export async function findUserByEmail(db: Executor, normalisedEmail: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalisedEmail).executeTakeFirst();
}

export async function findUser(db: Executor, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

/** The signed-in user's row; a user deleted or disabled since sign-in is no longer signed in. */
export async function loadSignedInUser(db: Executor, userId: string): Promise<UserRow> {
  const user = await findUser(db, userId);
  if (user === undefined || user.disabled_at !== null) throw new ServerError('UNAUTHENTICATED', 'This account no longer exists or is disabled');
  return user;
}

export function hasTotp(user: UserRow): boolean {
  return user.totp_enabled_at !== null && user.totp_secret_sealed !== null;
}

/** The user's TOTP secret in clear (opened before any transaction: the key ring may read the database). */
export async function openTotpSecret(ctx: ServerContext, user: UserRow): Promise<string> {
  if (user.totp_secret_sealed === null) throw new ServerError('TOTP_NOT_ENABLED', 'Two-factor authentication is not set up for this account');
  return ctx.keyRing.openText(user.totp_secret_sealed, totpAad(user.id));
}
