import { join } from 'node:path';
import { CookieJar } from 'tough-cookie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import type { SecretSealer, Store } from '../../src/store/index.js';
import { aesSealer, rawBytes, tempDir, thrown } from './support.js';

describe('cookies, certificates and app settings', () => {
  let file: string;
  let sealer: SecretSealer;
  let store: Store;

  beforeEach(() => {
    file = join(tempDir(), 'postern.db');
    sealer = aesSealer();
    store = openStore(file, { sealer });
  });
  afterEach(() => store.close());

  it('persists the cookie jar across a reopen: persistent cookies only, sealed on disk', () => {
    const jar = new CookieJar(undefined, { looseMode: true, rejectPublicSuffixes: true });
    jar.setCookieSync('session=abc123; Path=/; HttpOnly', 'http://127.0.0.1:8080/login');
    jar.setCookieSync('theme=dark-9f8e7d; Max-Age=3600', 'http://localhost:8080/');
    jar.setCookieSync('remember=r-5a4b3c2d; Expires=Wed, 01 Jan 2070 00:00:00 GMT; Path=/', 'http://127.0.0.1:8080/');
    expect(store.cookies.save(jar)).toBe(2);
    store.close();
    expect(rawBytes(file).includes(Buffer.from('dark-9f8e7d'))).toBe(false);
    expect(rawBytes(file).includes(Buffer.from('r-5a4b3c2d'))).toBe(false);
    store = openStore(file, { sealer });

    const loaded = store.cookies.load();
    // The session cookie ended with the session; the persistent ones came back with their options.
    expect(loaded.getCookieStringSync('http://127.0.0.1:8080/x')).toBe('remember=r-5a4b3c2d');
    expect(loaded.getCookieStringSync('http://localhost:8080/')).toBe('theme=dark-9f8e7d');
    expect(loaded.serializeSync()?.enableLooseMode).toBe(true);

    store.cookies.clear();
    expect(store.cookies.load().getCookieStringSync('http://127.0.0.1:8080/x')).toBe('');
  });

  it('keeps no row for a jar of session cookies, and needs the vault for a saved jar', () => {
    const jar = new CookieJar();
    jar.setCookieSync('only=session', 'http://127.0.0.1:8080/');
    expect(store.cookies.save(jar)).toBe(0);
    jar.setCookieSync('kept=yes; Max-Age=60', 'http://127.0.0.1:8080/');
    expect(store.cookies.save(jar)).toBe(1);
    store.close();
    store = openStore(file);
    expect(thrown(() => store.cookies.load())).toMatchObject({ code: 'STORE_SECRETS_LOCKED' });
    store.close();
    store = openStore(file, { sealer: aesSealer() });
    expect(thrown(() => store.cookies.load())).toMatchObject({ code: 'STORE_CORRUPT' });
  });

  it('reseals the jar with every other sealed value when the key rotates', () => {
    const jar = new CookieJar();
    jar.setCookieSync('kept=rotated; Max-Age=60', 'http://127.0.0.1:8080/');
    store.cookies.save(jar);
    const next = aesSealer();
    expect(store.resealAll((blob, aad) => next.seal(sealer.open(blob, aad), aad))).toBe(1);
    store.close();
    store = openStore(file, { sealer: next });
    expect(store.cookies.load().getCookieStringSync('http://127.0.0.1:8080/')).toBe('kept=rotated');
  });

  it('returns defaults before anything is saved, and saved settings with certificates after', () => {
    expect(store.settings.get()).toEqual(defaultSettings());
    const saved = store.settings.save({
      tls: { disabledProtocols: ['TLSv1'] },
      clientCertificates: [
        { host: '*.corp.test', port: 8443, cert: '/c/client.pem', key: '/c/client.key' },
        { host: 'mtls.test', pfx: '/c/client.p12', passphrase: 'p4ss', enabled: false },
      ],
      proxy: { enabled: true, url: 'http://127.0.0.1:3128', username: 'me', password: 'pw' },
      history: { maxEntries: 250 },
    });
    store.close();
    store = openStore(file, { sealer });
    expect(store.settings.get()).toEqual(saved);
    expect(store.settings.get().clientCertificates[1]?.passphrase).toBe('p4ss');
    expect(store.settings.get().proxy.password).toBe('pw');
    expect(store.settings.maxHistoryEntries()).toBe(250);
  });

  it('refuses invalid settings with the field named, and keeps the previous ones', () => {
    store.settings.save({ timeouts: { connectMs: 1000 } });
    const error = thrown(() => store.settings.save({ timeouts: { connectMs: -5 } }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', where: { path: 'timeouts.connectMs' } });
    const bad = thrown(() => store.settings.save({ clientCertificates: [{ host: 'x.test', cert: '/only-cert.pem' }] }));
    expect(bad).toMatchObject({ code: 'INVALID_INPUT' });
    expect(store.settings.get().timeouts.connectMs).toBe(1000);
  });

  it('needs the vault for a sealed passphrase', () => {
    store.settings.save({ clientCertificates: [{ host: 'mtls.test', pfx: '/c/client.p12', passphrase: 'p4ss' }] });
    store.close();
    store = openStore(file);
    expect(thrown(() => store.settings.get())).toMatchObject({ code: 'STORE_SECRETS_LOCKED' });
    // History still works without the vault: its limit needs no secret.
    expect(store.settings.maxHistoryEntries()).toBe(defaultSettings().history.maxEntries);
  });
});
