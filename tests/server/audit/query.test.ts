import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../../src/server/audit/index.js';
import { ServerError } from '../../../src/server/errors.js';
import { appendAudit, createAuditService, type AuditQuery, type AuditService } from '../../../src/server/services/audit/index.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';
import { insertTeam, teamEvent } from './support.js';

const MINUTE = 60_000;
const ACTIONS: AuditAction[] = ['user.login', 'team.add_member', 'team.role_grant'];

describe.each(DATABASE_KINDS)('audit queries and exports on %s', (kind) => {
  let t: TestContext;
  let audit: AuditService;
  let team: string;
  let start: number;
  // 60 entries one minute apart; actions and actors cycle.
  const COUNT = 60;
  beforeAll(async () => {
    t = await openTestContext(kind);
    audit = createAuditService(t.ctx);
    start = t.clock();
    team = await insertTeam(t.ctx.db, 'professional', start);
    const noise = await insertTeam(t.ctx.db, 'professional', start);
    for (let i = 0; i < COUNT; i += 1) {
      await appendAudit(t.ctx, teamEvent(team, ACTIONS[i % 3], `usr_${i % 4}`, { n: i }));
      await appendAudit(t.ctx, teamEvent(noise, 'user.login'));
      t.clock.advance(MINUTE);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  async function all(query: AuditQuery): Promise<number[]> {
    const seqs: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await audit.query(team, { ...query, cursor });
      seqs.push(...page.entries.map((e) => e.seq));
      if (page.nextCursor === null) return seqs;
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('pages through every entry exactly once, in both orders', async () => {
    const desc = await all({ limit: 7 });
    expect(desc).toEqual(range(1, COUNT).reverse());
    const asc = await all({ limit: 7, orderBy: 'asc' });
    expect(asc).toEqual(range(1, COUNT));
    const first = await audit.query(team, {});
    expect(first.entries).toHaveLength(COUNT);
    expect(first.nextCursor).toBeNull();
    expect(first.entries[0]?.details).toEqual({ n: COUNT - 1 });
    expect(first.entries.every((e) => e.teamId === team)).toBe(true);
  });

  it('filters by action, actor and time, with cursors across pages', async () => {
    const logins = await all({ action: 'user.login', limit: 4, orderBy: 'asc' });
    expect(logins).toEqual(range(1, COUNT).filter((seq) => (seq - 1) % 3 === 0));
    const byActor = await all({ userId: 'usr_1', limit: 3 });
    expect(byActor).toEqual(range(1, COUNT).filter((seq) => (seq - 1) % 4 === 1).reverse());
    // Entry seq s is at start + (s - 1) minutes: since inclusive, until exclusive.
    const window = await all({ since: start + 10 * MINUTE, until: start + 20 * MINUTE, limit: 4, orderBy: 'asc' });
    expect(window).toEqual(range(11, 20));
    const combined = await all({ since: start + 10 * MINUTE, until: start + 40 * MINUTE, action: 'team.add_member', userId: 'usr_1', limit: 2 });
    expect(combined).toEqual(range(11, 40).filter((seq) => (seq - 1) % 3 === 1 && (seq - 1) % 4 === 1).reverse());
    expect(await all({ since: start + COUNT * MINUTE })).toEqual([]);
    expect(await all({ until: start })).toEqual([]);
  });

  it('refuses a bad limit, action, time or cursor naming the field', async () => {
    const failure = async (query: AuditQuery): Promise<ServerError> => {
      const error: unknown = await audit.query(team, query).then(() => null, (e: unknown) => e);
      if (!(error instanceof ServerError)) throw new Error('expected a ServerError');
      return error;
    };
    expect(await failure({ limit: 0 })).toMatchObject({ status: 400, field: 'limit' });
    expect(await failure({ limit: 301 })).toMatchObject({ status: 400, field: 'limit' });
    expect(await failure({ action: 'user.nope' })).toMatchObject({ status: 400, field: 'action' });
    expect(await failure({ since: -5 })).toMatchObject({ status: 400, field: 'since' });
    expect(await failure({ cursor: 'garbage!' })).toMatchObject({ status: 400, code: 'INVALID_CURSOR', field: 'cursor' });
    const page = await audit.query(team, { limit: 5 });
    expect(await failure({ cursor: page.nextCursor ?? '', orderBy: 'asc' })).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });

  it('exports every matching entry as NDJSON, CEF and syslog lines, oldest first', async () => {
    const collect = async (iterable: AsyncIterable<string>): Promise<string[]> => {
      const lines: string[] = [];
      for await (const line of iterable) lines.push(line);
      return lines;
    };
    const ndjson = await collect(audit.exportEntries(team, {}, 'ndjson'));
    expect(ndjson).toHaveLength(COUNT);
    const parsed = ndjson.map((line) => JSON.parse(line) as { seq: number; chain: string });
    expect(parsed.map((p) => p.seq)).toEqual(range(1, COUNT));
    expect(parsed.every((p) => p.chain === team)).toBe(true);
    const cef = await collect(audit.exportEntries(team, { action: 'user.login' }, 'cef'));
    expect(cef).toHaveLength(COUNT / 3);
    expect(cef.every((line) => line.startsWith('CEF:0|Postern|') && line.includes('|user.login|'))).toBe(true);
    const syslog = await collect(audit.exportEntries(team, { since: start + 50 * MINUTE }, 'syslog'));
    expect(syslog).toHaveLength(10);
    expect(syslog.every((line) => /^<\d+>1 \d{4}-\d{2}-\d{2}T/.test(line))).toBe(true);
    expect(() => audit.exportEntries(team, { action: 'nope' }, 'ndjson')).toThrow(ServerError);
  });
});
