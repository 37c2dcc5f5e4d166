import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveServerSettings, SERVER_SETTINGS } from './config.js';
import { serverErrorOf as configError } from '../../tests/server/support/server-error.js';

const LINUX = { platform: 'linux' as const, home: '/home/ann' };

describe('resolveServerSettings', () => {
  it('has zero-setup defaults: loopback, 8420, SQLite in the XDG data dir, a key file there', () => {
    const s = resolveServerSettings({}, {}, LINUX);
    expect(s).toMatchObject({
      host: '127.0.0.1',
      port: 8420,
      dataDir: '/home/ann/.local/share/postern-server',
      databaseUrl: null,
      sqliteFile: '/home/ann/.local/share/postern-server/postern.db',
      masterKey: { kind: 'data-dir', path: '/home/ann/.local/share/postern-server/master.key' },
      mailer: { kind: 'console' },
      trustProxy: false,
      bodyLimit: 1024 * 1024,
      logLevel: 'info',
      rateLimit: { windowSeconds: 60, perIp: 600, authPerIp: 30, perAccount: 1200 },
    });
  });

  it('takes a flag over its environment variable, and the variable over the default', () => {
    const env = { POSTERN_PORT: '9000', POSTERN_HOST: '0.0.0.0', XDG_DATA_HOME: '/xdg' };
    expect(resolveServerSettings({}, env, LINUX)).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: '/xdg/postern-server' });
    expect(resolveServerSettings({ port: '9100' }, env, LINUX).port).toBe(9100);
  });

  it('names the flag or the variable a bad value came from', () => {
    expect(configError(() => resolveServerSettings({ port: 'eighty' }, {}, LINUX)).message).toMatch(/^--port: must be a port number/);
    const fromEnv = configError(() => resolveServerSettings({}, { POSTERN_PORT: '70000' }, LINUX));
    expect(fromEnv.code).toBe('CONFIG_INVALID');
    expect(fromEnv.message).toMatch(/^POSTERN_PORT: /);
    expect(configError(() => resolveServerSettings({}, { POSTERN_LOG_LEVEL: 'loud' }, LINUX)).message).toMatch(/^POSTERN_LOG_LEVEL: must be one of/);
    expect(configError(() => resolveServerSettings({ bodyLimit: '5gb' }, {}, LINUX)).message).toMatch(/^--body-limit: /);
    expect(configError(() => resolveServerSettings({ mailer: 'pigeon' }, {}, LINUX)).message).toMatch(/^--mailer: must be console, file:DIR/);
  });

  it('never echoes a database password in an error', () => {
    const error = configError(() => resolveServerSettings({}, { DATABASE_URL: 'mysql://u:hunter2@db/x' }, LINUX));
    expect(error.message).toMatch(/^DATABASE_URL: must be a postgres/);
    expect(error.message).not.toContain('hunter2');
  });

  it('parses the mailer, body sizes, proxies and PostgreSQL URLs', () => {
    const s = resolveServerSettings(
      { mailer: 'smtp://mail:s3cret@smtp.example.com:587', bodyLimit: '512kb', trustProxy: '10.0.0.0/8, 127.0.0.1' },
      { DATABASE_URL: 'postgres://p:pw@db:5432/postern' },
      LINUX,
    );
    expect(s.mailer).toEqual({ kind: 'smtp', url: 'smtp://mail:s3cret@smtp.example.com:587', display: 'smtp://mail:***@smtp.example.com:587' });
    expect(s.bodyLimit).toBe(512 * 1024);
    expect(s.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(s.databaseUrl).toBe('postgres://p:pw@db:5432/postern');
    expect(resolveServerSettings({ mailer: 'file:/var/mail' }, {}, LINUX).mailer).toEqual({ kind: 'file', dir: '/var/mail' });
  });

  it('takes the public URL from --public-url or POSTERN_PUBLIC_URL, without a trailing slash; none by default', () => {
    expect(resolveServerSettings({}, {}, LINUX).publicUrl).toBeNull();
    expect(resolveServerSettings({ publicUrl: 'https://postern.example.com/' }, {}, LINUX).publicUrl).toBe('https://postern.example.com');
    expect(resolveServerSettings({}, { POSTERN_PUBLIC_URL: 'http://10.0.0.5:8420/postern/' }, LINUX).publicUrl).toBe('http://10.0.0.5:8420/postern');
    for (const bad of ['postern.example.com', 'ftp://postern.example.com', 'https://u:p@postern.example.com', 'https://postern.example.com/?a=1']) {
      expect(configError(() => resolveServerSettings({ publicUrl: bad }, {}, LINUX)).message).toMatch(/^--public-url: must be an http:\/\/ or https:\/\/ URL/);
    }
  });

  it('takes the master key from the flag, then POSTERN_MASTER_KEY_FILE, then POSTERN_MASTER_KEY', () => {
    const env = { POSTERN_MASTER_KEY_FILE: '/etc/postern/key' };
    expect(resolveServerSettings({ masterKeyFile: '/k' }, env, LINUX).masterKey).toEqual({ kind: 'file', path: '/k', source: '--master-key-file' });
    expect(resolveServerSettings({}, env, LINUX).masterKey).toEqual({ kind: 'file', path: '/etc/postern/key', source: 'POSTERN_MASTER_KEY_FILE' });
    expect(resolveServerSettings({}, { POSTERN_MASTER_KEY: 'ab'.repeat(32) }, LINUX).masterKey).toEqual({ kind: 'env', variable: 'POSTERN_MASTER_KEY' });
    const both = configError(() => resolveServerSettings({}, { ...env, POSTERN_MASTER_KEY: 'x' }, LINUX));
    expect(both.message).toMatch(/both set/);
  });

  it('uses the usual app-data places on macOS and Windows', () => {
    expect(defaultDataDir({}, { platform: 'darwin', home: '/Users/ann' })).toBe('/Users/ann/Library/Application Support/postern-server');
    expect(defaultDataDir({ LOCALAPPDATA: 'C:/Users/ann/AppData/Local' }, { platform: 'win32', home: 'C:/Users/ann' })).toMatch(/AppData[\\/]Local[\\/]postern-server$/);
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, LINUX)).toBe('/home/ann/.local/share/postern-server');
  });

  it('documents a flag and a variable for every setting', () => {
    const flags = new Set(SERVER_SETTINGS.map((s) => s.flag));
    const envs = new Set(SERVER_SETTINGS.map((s) => s.env));
    expect(flags.size).toBe(SERVER_SETTINGS.length);
    expect(envs.size).toBe(SERVER_SETTINGS.length);
    for (const s of SERVER_SETTINGS) expect(s.defaultText.length).toBeGreaterThan(0);
  });
});
