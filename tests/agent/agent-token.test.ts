import { describe, expect, it } from 'vitest';
import { takeAgentToken, TOKEN_STORAGE_KEY, type BrowserEnv } from '../../renderer/transport/index.js';

function env(hash: string, storage?: Map<string, string>, search = '') {
  const replaced: string[] = [];
  const value: BrowserEnv = {
    fetch: () => Promise.reject(new Error('no network here')),
    WebSocket: class {} as unknown as BrowserEnv['WebSocket'],
    location: { origin: 'http://127.0.0.1:1', hash, pathname: '/app', search },
    history: { state: { tab: 1 }, replaceState: (_s, _u, url) => void replaced.push(String(url)) },
    ...(storage ? { sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) } } : {}),
    setTimeout: () => undefined,
  };
  return { value, replaced };
}

describe('takeAgentToken', () => {
  it('takes the token from the fragment and rewrites the URL without it', () => {
    const storage = new Map<string, string>();
    const page = env('#token=abc123&panel=tls', storage, '?q=1');
    expect(takeAgentToken(page.value)).toBe('abc123');
    expect(page.replaced).toEqual(['/app?q=1#panel=tls']);
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc123');
  });

  it('falls back to the tab storage, and to nothing', () => {
    const storage = new Map([[TOKEN_STORAGE_KEY, 'stored']]);
    const page = env('', storage);
    expect(takeAgentToken(page.value)).toBe('stored');
    expect(page.replaced).toEqual([]);
    expect(takeAgentToken(env('#panel=x').value)).toBeUndefined();
  });

  it('survives storage that throws (disabled by the user)', () => {
    const page = env('#token=t');
    const throwing: BrowserEnv = { ...page.value, sessionStorage: { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } } };
    expect(takeAgentToken(throwing)).toBe('t');
    expect(takeAgentToken({ ...throwing, location: { ...throwing.location, hash: '' } })).toBeUndefined();
  });
});
