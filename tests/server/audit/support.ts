/** Shared pieces of the audit tests: teams inserted directly, and events with fresh ids. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Plan } from '../../../src/server/authz/index.js';
import type { AuditAction } from '../../../src/server/audit/index.js';
import type { Database } from '../../../src/server/db/index.js';
import type { AuditEvent } from '../../../src/server/services/audit/index.js';
import { DEFAULT_TEAM_SETTINGS } from '../../../src/server/services/teams/settings.js';

export async function insertTeam(db: Kysely<Database>, plan: Plan, now: number): Promise<string> {
  const id = `team_${randomBytes(9).toString('base64url')}`;
  await db.insertInto('teams').values({ id, name: `Team ${id}`, plan, created_at: now, settings: JSON.stringify(DEFAULT_TEAM_SETTINGS) }).execute();
  return id;
}

export function teamEvent(teamId: string | null, action: AuditAction = 'team.add_member', userId = 'usr_actor', details: Record<string, unknown> = {}): AuditEvent {
  return {
    action,
    teamId,
    actor: { id: userId, email: `${userId}@example.com` },
    target: { type: 'user', id: 'usr_target' },
    details,
    meta: { ip: '192.0.2.7', userAgent: 'vitest' },
  };
}
