/**
 * The API answers a pull with the service's JSON text, each element's stored content spliced in as
 * stored. It must read back as exactly the page `pull` builds from parsed objects — for every page shape:
 * several kinds of element, awkward text, tombstones, paging, and a `since` beyond the latest change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceAccess } from '../../../src/server/http/access.js';
import type { Actor } from '../../../src/server/services/workspaces/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { collectionDoc, environmentDoc, openElementsHarness, type ElementsHarness } from './harness.js';

describe.each(DATABASE_KINDS)('pull as JSON text on %s', (kind) => {
  let h: ElementsHarness;
  let admin: Actor;
  let access: WorkspaceAccess;

  beforeAll(async () => {
    h = await openElementsHarness(kind);
    const fresh = await h.fresh();
    ({ admin, access } = fresh);
    const awkward = collectionDoc('Ünïcode "quotes" \\ back\\slash \u2028 line sep </script> 😀');
    await h.elements.push(admin, access, [
      { id: 'orders', type: 'collection', baseRevision: 0, content: awkward },
      { id: 'prod', type: 'environment', baseRevision: 0, content: environmentDoc('Prod') },
      { id: 'gone', type: 'environment', baseRevision: 0, content: environmentDoc('Gone') },
    ]);
    await h.elements.push(admin, access, [{ id: 'gone', type: 'environment', baseRevision: 1, deleted: true }]);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function both(since: number, limit: number): Promise<{ parsed: unknown; json: string }> {
    return { parsed: await h.elements.pull(access, since, limit), json: await h.elements.pullJson(access, since, limit) };
  }

  it('reads back as the same page as pull, content and tombstones included', async () => {
    const { parsed, json } = await both(0, 100);
    expect(JSON.parse(json)).toEqual(parsed);
    const page = JSON.parse(json) as { changes: { id: string; deleted: boolean; content: unknown }[] };
    expect(page.changes.map((c) => c.id)).toEqual(['orders', 'prod', 'gone']);
    expect(page.changes.find((c) => c.id === 'gone')).toMatchObject({ deleted: true, content: null });
  });

  it('pages the same way', async () => {
    let since = 0;
    for (let pages = 0; pages < 10; pages++) {
      const { parsed, json } = await both(since, 1);
      expect(JSON.parse(json)).toEqual(parsed);
      const page = parsed as { nextSince: number; hasMore: boolean };
      since = page.nextSince;
      if (!page.hasMore) break;
    }
    expect(since).toBe((await h.elements.pull(access, 0, 1)).currentSeq);
  });

  it('answers an empty page and a since beyond the latest change the same way', async () => {
    const current = (await h.elements.pull(access, 0, 1)).currentSeq;
    for (const since of [current, current + 5]) {
      const { parsed, json } = await both(since, 10);
      expect(JSON.parse(json)).toEqual(parsed);
    }
    expect(JSON.parse((await both(current + 5, 10)).json)).toMatchObject({ ahead: true, changes: [] });
  });
});
