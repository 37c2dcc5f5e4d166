import type { z } from 'zod';
import type { CookieView } from '../api/index.js';
import type { CookieDomainSchema } from '../api/ops-cookies.js';
import type { StoredCookie } from '../engine/index.js';
import type { GroupHandlers } from './handlers.js';

type CookieDomainView = z.output<typeof CookieDomainSchema>;

function cookieView(cookie: StoredCookie): CookieView {
  return {
    domain: cookie.domain,
    path: cookie.path,
    name: cookie.name,
    value: cookie.value,
    expires: cookie.expires ? cookie.expires.toISOString() : null,
    hostOnly: cookie.hostOnly,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite ?? null,
  };
}

/** Cookies grouped by domain, in the jar's order (domain, path, name). */
function byDomain(cookies: readonly StoredCookie[]): CookieDomainView[] {
  const domains = new Map<string, CookieView[]>();
  for (const cookie of cookies) {
    const list = domains.get(cookie.domain) ?? [];
    list.push(cookieView(cookie));
    domains.set(cookie.domain, list);
  }
  return [...domains].map(([domain, list]) => ({ domain, cookies: list }));
}

/** `cookies.*`: the cookie manager over the engine's jar; changes reach the store through CookiePersistence. */
export const cookieHandlers: GroupHandlers<'cookies'> = {
  'cookies.list': async (ctx, input) => {
    const all = ctx.engine.cookies.list();
    return { domains: byDomain(input.domain === undefined ? all : all.filter((c) => c.domain === input.domain)) };
  },
  'cookies.delete': async (ctx, input) => ({ removed: ctx.engine.cookies.remove(input.domain, input.path, input.name) }),
  'cookies.clear': async (ctx, input) => {
    if (input.domain !== undefined) return { removed: ctx.engine.cookies.removeDomain(input.domain) };
    const removed = ctx.engine.cookies.list().length;
    ctx.engine.cookies.clear();
    return { removed };
  },
};
