import type { BrowserEnv } from './browser-env.js';

/** Where the token survives a reload of this tab (and only this tab). */
export const TOKEN_STORAGE_KEY = 'postern.agentToken';

/**
 * The agent's token, taken once from the page URL's fragment (`#token=…`, which no server and no
 * Referer ever sees) and then removed from the address bar and history, so it is not bookmarked,
 * shared in a screenshot or synced. It is kept in sessionStorage so a reload of the tab still works.
 */
export function takeAgentToken(env: BrowserEnv): string | undefined {
  const hash = env.location.hash.startsWith('#') ? env.location.hash.slice(1) : env.location.hash;
  const params = new URLSearchParams(hash);
  const fromUrl = params.get('token');
  if (fromUrl !== null && fromUrl !== '') {
    params.delete('token');
    const rest = params.toString();
    env.history?.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${rest === '' ? '' : `#${rest}`}`);
    try {
      env.sessionStorage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage full or disabled: the token lives in memory for this page only.
    }
    return fromUrl;
  }
  try {
    return env.sessionStorage?.getItem(TOKEN_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
