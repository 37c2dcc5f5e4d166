/**
 * An app with the real teams and invites services over a real database, mail going to a file mailer in a
 * temp directory (read back with a mail parser), users made by inserting rows with a session token each.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { simpleParser } from 'mailparser';
import { newId, type DatabaseKind } from '../../../src/server/db/index.js';
import { ServerError } from '../../../src/server/errors.js';
import type { Principal } from '../../../src/server/http/access.js';
import { buildApp } from '../../../src/server/http/app.js';
import { inviteRoutes } from '../../../src/server/http/routes/invites.js';
import { teamRoutes } from '../../../src/server/http/routes/teams.js';
import { fileMailer, type Mailer, type MailMessage } from '../../../src/server/mailer/index.js';
import { createInvitesService } from '../../../src/server/services/invites/index.js';
import { createTeamsService } from '../../../src/server/services/teams/index.js';
import { openTestContext, type TestContext } from '../support/context.js';

export const PUBLIC_URL = 'https://postern.example.com';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly token: string;
}

export interface SentMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** The accept URL found in the text. */
  readonly url: string | null;
  /** The invite token from the URL's fragment. */
  readonly token: string | null;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Plan = 'free' | 'basic' | 'professional' | 'enterprise';

export interface InvitesHarness {
  readonly test: TestContext;
  readonly app: FastifyInstance;
  user(label?: string): Promise<TestUser>;
  call(user: TestUser, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  team(owner: TestUser, plan?: Plan): Promise<string>;
  add(by: TestUser, teamId: string, user: TestUser, roles: string[]): Promise<void>;
  /** Every mail sent to `to` so far, parsed from the .eml files, oldest first. */
  mailsTo(to: string): Promise<SentMail[]>;
  /** While set, every mail fails as an SMTP server that refuses it would. */
  failMail(fail: boolean): void;
  auditActions(teamId: string): Promise<string[]>;
  /** The member's direct roles, or null when not a member. */
  rolesOf(teamId: string, userId: string): Promise<string[] | null>;
  close(): Promise<void>;
}

let counter = 0;

export async function openInvitesHarness(kind: DatabaseKind): Promise<InvitesHarness> {
  const test = await openTestContext(kind);
  const { ctx } = test;
  const spool = mkdtempSync(join(tmpdir(), 'postern-invite-mail-'));
  const files = fileMailer(spool, 'Postern <invites@postern.example.com>');
  let failing = false;
  const mailer: Mailer = {
    description: files.description,
    send: (message: MailMessage) => (failing ? Promise.reject(new ServerError('MAIL_FAILED', `Mail to ${message.to} could not be sent through smtp://test: 550 refused`)) : files.send(message)),
    close() {},
  };
  const teams = createTeamsService(ctx);
  const invites = createInvitesService(ctx, { mailer, publicUrl: () => PUBLIC_URL });
  const sessions = new Map<string, Principal>();
  const app = await buildApp(
    {
      session: async (token) => {
        const principal = sessions.get(token);
        if (principal === undefined) throw new ServerError('UNAUTHENTICATED', 'Unknown session');
        return principal;
      },
      apiKey: async () => {
        throw new ServerError('API_KEY_INVALID', 'No API keys in these tests');
      },
      teamAccess: teams.teamAccess,
    },
    [teamRoutes(teams), inviteRoutes(invites)],
  );

  const harness: InvitesHarness = {
    test,
    app,
    async user(label = 'user') {
      counter += 1;
      const id = newId('usr');
      const email = `${label}-${counter}-${randomBytes(3).toString('hex')}@example.com`;
      await ctx.db
        .insertInto('users')
        .values({ id, email, name: label, password_hash: null, totp_secret_sealed: null, totp_enabled_at: null, totp_last_step: null, created_at: ctx.clock(), password_changed_at: null, disabled_at: null })
        .execute();
      const token = `ses-${randomBytes(12).toString('hex')}`;
      sessions.set(token, { kind: 'session', userId: id, email, sessionId: newId('ses'), stage: 'full' });
      return { id, email, token };
    },
    call(user, method, url, payload) {
      return app.inject({ method, url, headers: { authorization: `Bearer ${user.token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    },
    async team(owner, plan) {
      const created = await harness.call(owner, 'POST', '/teams', { name: `Team ${counter}` });
      if (created.statusCode !== 201) throw new Error(`create team: ${created.statusCode} ${created.body}`);
      const id = created.json<{ id: string }>().id;
      if (plan !== undefined && plan !== 'free') {
        const changed = await harness.call(owner, 'PUT', `/teams/${id}/plan`, { plan });
        if (changed.statusCode !== 200) throw new Error(`change plan: ${changed.statusCode} ${changed.body}`);
      }
      return id;
    },
    async add(by, teamId, user, roles) {
      const added = await harness.call(by, 'POST', `/teams/${teamId}/members`, { email: user.email, roles });
      if (added.statusCode !== 201) throw new Error(`add member: ${added.statusCode} ${added.body}`);
    },
    async mailsTo(to) {
      const mails: SentMail[] = [];
      for (const name of readdirSync(spool).filter((n) => n.endsWith('.eml')).sort()) {
        const parsed = await simpleParser(readFileSync(join(spool, name)));
        const address = parsed.to !== undefined && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : undefined;
        if (address !== to) continue;
        const text = parsed.text ?? '';
        const url = /https:\/\/postern\.example\.com\/invites\/accept#token=\S+/.exec(text)?.[0] ?? null;
        mails.push({ to: address, subject: parsed.subject ?? '', text, url, token: url === null ? null : (url.split('#token=')[1] ?? null) });
      }
      return mails;
    },
    failMail(fail) {
      failing = fail;
    },
    async auditActions(teamId) {
      const rows = await ctx.db.selectFrom('audit_entries').select('action').where('team_id', '=', teamId).orderBy('seq').execute();
      return rows.map((row) => row.action);
    },
    async rolesOf(teamId, userId) {
      const member = await ctx.db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
      if (member === undefined) return null;
      const rows = await ctx.db.selectFrom('member_roles').select('role').where('team_id', '=', teamId).where('user_id', '=', userId).orderBy('role').execute();
      return rows.map((row) => row.role);
    },
    async close() {
      await app.close();
      await test.close();
      rmSync(spool, { recursive: true, force: true });
    },
  };
  return harness;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export function errorOf(response: LightMyRequestResponse): ErrorBody['error'] {
  return response.json<ErrorBody>().error;
}
