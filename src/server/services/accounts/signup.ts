/**
 * Sign-up. The answer is the same whether the address was free or already taken, and both paths do the
 * same argon2 work, so neither the body nor the timing tells an anonymous caller who has an account.
 * The owner of a new account signs in next; someone who signs up with a taken address finds that the
 * sign-in fails (and, once a mailer exists, the owner will be told by mail instead).
 */
import type { ServerContext } from '../../context.js';
import { checkPasswordPolicy, hashPassword } from '../../crypto/index.js';
import { newId } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { RequestMeta } from '../../http/access.js';
import { validEmail } from './email.js';
import type { SignUpInput, SignUpResult } from './types.js';
import { auditUserEvent } from './user-audit.js';

export const NAME_MAX_LENGTH = 200;

export async function signUp(ctx: ServerContext, input: SignUpInput, meta: RequestMeta): Promise<SignUpResult> {
  const email = validEmail(input.email);
  const name = input.name.trim();
  if (name === '') throw new ServerError('VALIDATION', 'name: must not be empty', { field: 'name' });
  if ([...name].length > NAME_MAX_LENGTH) throw new ServerError('VALIDATION', `name: must be at most ${NAME_MAX_LENGTH} characters`, { field: 'name' });
  checkPasswordPolicy(input.password);
  // Hashed before looking the address up, so a taken address costs the same time as a free one.
  const passwordHash = await hashPassword(input.password);

  const taken = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (taken !== undefined) return { status: 'accepted' };

  const now = ctx.clock();
  const id = newId('usr');
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id,
          email,
          name,
          password_hash: passwordHash,
          totp_secret_sealed: null,
          totp_enabled_at: null,
          totp_last_step: null,
          created_at: now,
          password_changed_at: now,
          disabled_at: null,
        })
        .execute();
      await auditUserEvent(ctx, { action: 'user.signup', user: { id, email }, meta }, trx);
    });
  } catch (error) {
    // Two sign-ups for one address at once: the unique index lets one win; the other answers alike.
    if (await emailExists(ctx, email)) return { status: 'accepted' };
    throw error;
  }
  return { status: 'accepted' };
}

async function emailExists(ctx: ServerContext, email: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}
