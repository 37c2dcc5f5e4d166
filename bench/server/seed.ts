/**
 * Seeds a benchmark database directly (faster than going through the API): one Enterprise team, users
 * with passwords, an API key each, and a long audit chain built with the real sealing code.
 */
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { chainOf, sealEntry, type AuditEntry, type ChainHead } from '../../src/server/audit/index.js';
import { generateApiKey, hashPassword } from '../../src/server/crypto/index.js';
import { newId, type Database, type DatabaseKind } from '../../src/server/db/index.js';
import { DEFAULT_TEAM_SETTINGS } from '../../src/server/services/teams/settings.js';

export const BENCH_PASSWORD = 'correct horse battery staple';

export interface SeededTeam {
  readonly teamId: string;
  readonly users: readonly { readonly id: string; readonly email: string; readonly apiKey: string }[];
}

export async function seedTeam(db: Kysely<Database>, users: number, now: number): Promise<SeededTeam> {
  const teamId = newId('team');
  await db.insertInto('teams').values({ id: teamId, name: 'Bench team', plan: 'enterprise', created_at: now, settings: JSON.stringify(DEFAULT_TEAM_SETTINGS) }).execute();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const seeded: { id: string; email: string; apiKey: string }[] = [];
  for (let i = 0; i < users; i++) {
    const id = newId('usr');
    const email = `bench${i}@example.com`;
    await db.insertInto('users').values({ id, email, name: `Bench ${i}`, password_hash: passwordHash, totp_secret_sealed: null, totp_enabled_at: null, totp_last_step: null, created_at: now, password_changed_at: now, disabled_at: null }).execute();
    await db.insertInto('team_members').values({ team_id: teamId, user_id: id, joined_at: now }).execute();
    await db.insertInto('member_roles').values({ team_id: teamId, user_id: id, role: 'admin', granted_by: null, granted_at: now }).execute();
    const key = generateApiKey();
    await db.insertInto('api_keys').values({ id: newId('key'), user_id: id, team_id: teamId, name: 'bench', key_hash: key.hash, hint: key.hint, created_at: now, last_used_at: null, expires_after_days: null, revoked_at: null, revoke_reason: null, revoked_by: null }).execute();
    seeded.push({ id, email, apiKey: key.key });
  }
  return { teamId, users: seeded };
}

const ACTIONS = ['user.login', 'team.add_member', 'api_key.create', 'team.settings_update', 'user.login_failed', 'group.add_member'] as const;

/** Appends `count` entries to the team's chain in batches; returns how long it took. */
export async function seedAuditEntries(kind: DatabaseKind, db: Kysely<Database>, key: Buffer, team: SeededTeam, count: number, endAt: number, onProgress: (done: number) => void): Promise<number> {
  const started = performance.now();
  const chain = chainOf(team.teamId);
  const spacing = Math.max(1, Math.floor((200 * 86_400_000) / count));
  let head: ChainHead | null = null;
  let headAt = 0;
  const batchSize = 1000;
  for (let done = 0; done < count; done += batchSize) {
    const rows = [];
    for (let i = done; i < Math.min(count, done + batchSize); i++) {
      const user = team.users[i % team.users.length];
      const entry: AuditEntry = sealEntry(key, {
        chain,
        id: newId('aud'),
        at: endAt - (count - i) * spacing,
        action: ACTIONS[i % ACTIONS.length] ?? 'user.login',
        actorId: user?.id ?? null,
        actorEmail: user?.email ?? null,
        targetType: 'team',
        targetId: team.teamId,
        teamId: team.teamId,
        ip: '127.0.0.1',
        userAgent: 'bench',
        details: { n: i },
      }, head);
      head = { seq: entry.seq, hash: entry.hash };
      headAt = entry.at;
      rows.push({
        chain, seq: entry.seq, id: entry.id, at: entry.at, action: entry.action, actor_id: entry.actorId, actor_email: entry.actorEmail,
        target_type: entry.targetType, target_id: entry.targetId, team_id: entry.teamId, ip: entry.ip, user_agent: entry.userAgent,
        details: JSON.stringify(entry.details), prev_hash: entry.prevHash, hash: entry.hash,
      });
    }
    await db.insertInto('audit_entries').values(rows).execute();
    onProgress(Math.min(count, done + batchSize));
  }
  if (head !== null) {
    await db.insertInto('audit_chains').values({ chain, head_seq: head.seq, head_hash: head.hash, head_at: headAt, anchor_seq: 0, anchor_hash: '0'.repeat(64) }).execute();
  }
  // Fresh statistics, as a database that grew to this size over time would have. On PostgreSQL also the
  // vacuum that autovacuum would otherwise start after a million inserts, in the middle of the measurements.
  await (kind === 'postgres' ? sql`vacuum (analyze)` : sql`analyze`).execute(db);
  return performance.now() - started;
}
