import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CookiePersistence } from '../../src/services/cookies-persistence.js';
import { openStore, type Store } from '../../src/store/index.js';
import { aesSealer } from '../store/sealer.js';
import { tempDir } from '../store/support.js';

const SITE = new URL('http://127.0.0.1:8080/');

describe('CookiePersistence', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  it('writes a burst of changes once, a short while after the first, without waiting for close', async () => {
    store = openStore(join(tempDir(), 'postern.db'), { sealer: aesSealer() });
    const persistence = new CookiePersistence(store, 50);
    persistence.cookies.store(SITE, ['a=1; Max-Age=600']);
    persistence.cookies.store(SITE, ['b=2; Max-Age=600', 'session=only']);
    // Nothing yet: the write is batched.
    expect(store.cookies.load().getCookieStringSync(SITE.href)).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(store.cookies.load().getCookieStringSync(SITE.href)).toBe('a=1; b=2');

    persistence.cookies.remove('127.0.0.1', '/', 'a');
    persistence.close(); // flushes at once
    expect(store.cookies.load().getCookieStringSync(SITE.href)).toBe('b=2');
    // After close, changes are no longer written.
    persistence.cookies.clear();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.cookies.load().getCookieStringSync(SITE.href)).toBe('b=2');
  });

  it('loads the saved jar at start, and starts empty when it cannot be opened', () => {
    const file = join(tempDir(), 'postern.db');
    store = openStore(file, { sealer: aesSealer() });
    const first = new CookiePersistence(store);
    first.cookies.store(SITE, ['kept=yes; Max-Age=600']);
    first.close();
    expect(new CookiePersistence(store).cookies.cookieHeader(SITE)).toBe('kept=yes');
    store.close();
    // Another key (a lost keychain entry): the app still starts, with no cookies.
    store = openStore(file, { sealer: aesSealer() });
    expect(new CookiePersistence(store).cookies.list()).toEqual([]);
  });
});
