/**
 * The server's settings: one table (SERVER_SETTINGS) names each setting's flag, environment variable,
 * default and meaning; the parser and `postern server --help` both read it, so neither can forget one.
 * A flag wins over its environment variable, which wins over the default. A bad value is refused with
 * one line naming the flag or variable it came from (CONFIG_INVALID).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ServerError } from './errors.js';
import { DEFAULT_BODY_LIMIT } from './http/app.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type MailerSettings =
  | { readonly kind: 'console' }
  | { readonly kind: 'file'; readonly dir: string }
  /** `url` may hold a password; `display` is the same URL with it masked. */
  | { readonly kind: 'smtp'; readonly url: string; readonly display: string };

/** Where the master key comes from. Only `data-dir` may be created on first start. */
export type MasterKeySetting =
  | { readonly kind: 'file'; readonly path: string; readonly source: string }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'data-dir'; readonly path: string };

export interface RateLimitSettings {
  readonly windowSeconds: number;
  /** Requests per IP per window on every route; 0 turns the limit off. */
  readonly perIp: number;
  /** Requests per IP, and per email named in the body, per window on /auth/*; 0 turns it off. */
  readonly authPerIp: number;
  /** Requests per signed-in user (session or API key) per window; 0 turns it off. */
  readonly perAccount: number;
}

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** A postgres:// URL, or null for the SQLite file `sqliteFile`. */
  readonly databaseUrl: string | null;
  readonly sqliteFile: string;
  readonly masterKey: MasterKeySetting;
  readonly mailer: MailerSettings;
  /** Where people reach the server (links in mails); null: the address it listens on. */
  readonly publicUrl: string | null;
  readonly trustProxy: boolean | string[];
  readonly bodyLimit: number;
  readonly logLevel: LogLevel;
  readonly rateLimit: RateLimitSettings;
}

export type SettingName =
  | 'host' | 'port' | 'dataDir' | 'databaseUrl' | 'masterKeyFile' | 'mailer' | 'publicUrl' | 'trustProxy' | 'bodyLimit' | 'logLevel'
  | 'rateLimitWindow' | 'rateLimitIp' | 'rateLimitAuth' | 'rateLimitAccount';

export interface SettingInfo {
  readonly name: SettingName;
  /** Without the leading dashes. */
  readonly flag: string;
  readonly env: string;
  readonly placeholder: string;
  readonly defaultText: string;
  readonly description: string;
}

/** The master key given directly (not a file); documented with the settings, not a flag (argv is visible to every user). */
export const MASTER_KEY_ENV = 'POSTERN_MASTER_KEY';
export const MASTER_KEY_FILE_NAME = 'master.key';
export const DATABASE_FILE_NAME = 'postern.db';

export const SERVER_SETTINGS: readonly SettingInfo[] = [
  { name: 'host', flag: 'host', env: 'POSTERN_HOST', placeholder: 'ADDRESS', defaultText: '127.0.0.1', description: 'address to listen on (0.0.0.0 or :: for every interface)' },
  { name: 'port', flag: 'port', env: 'POSTERN_PORT', placeholder: 'N', defaultText: '8420', description: 'TCP port (0 picks a free one)' },
  { name: 'dataDir', flag: 'data-dir', env: 'POSTERN_DATA_DIR', placeholder: 'DIR', defaultText: '$XDG_DATA_HOME/postern-server or ~/.local/share/postern-server (macOS: ~/Library/Application Support/postern-server, Windows: %LOCALAPPDATA%\\postern-server)', description: 'where the SQLite database and the generated master key live' },
  { name: 'databaseUrl', flag: 'database-url', env: 'DATABASE_URL', placeholder: 'URL', defaultText: 'empty: SQLite file <data dir>/postern.db', description: 'postgres://user:password@host:5432/db to use PostgreSQL (prefer the variable: flags are visible in ps)' },
  { name: 'masterKeyFile', flag: 'master-key-file', env: 'POSTERN_MASTER_KEY_FILE', placeholder: 'FILE', defaultText: '<data dir>/master.key, created on first start with SQLite', description: `file holding the master key (64 hex characters or base64 of 32 bytes); or put the key itself in ${MASTER_KEY_ENV}. With DATABASE_URL every process must be given the same key` },
  { name: 'mailer', flag: 'mailer', env: 'POSTERN_MAILER', placeholder: 'MAILER', defaultText: 'console', description: 'how mail is sent: console (print it), file:DIR (one .eml per message), smtp://user:pass@host:587 or smtps://… (add ?from=ADDRESS for the sender)' },
  { name: 'publicUrl', flag: 'public-url', env: 'POSTERN_PUBLIC_URL', placeholder: 'URL', defaultText: 'the address it listens on', description: 'the http(s) URL people reach the server at (behind a proxy, its public address); invite mails link to <URL>/invites/accept' },
  { name: 'trustProxy', flag: 'trust-proxy', env: 'POSTERN_TRUST_PROXY', placeholder: 'LIST', defaultText: 'false', description: 'true, false, or comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed' },
  { name: 'bodyLimit', flag: 'body-limit', env: 'POSTERN_BODY_LIMIT', placeholder: 'SIZE', defaultText: '1mb', description: 'largest request body: bytes, or with kb/mb' },
  { name: 'logLevel', flag: 'log-level', env: 'POSTERN_LOG_LEVEL', placeholder: 'LEVEL', defaultText: 'info', description: `${LOG_LEVELS.join(', ')}; JSON lines on stdout, secrets redacted` },
  { name: 'rateLimitWindow', flag: 'rate-limit-window', env: 'POSTERN_RATE_LIMIT_WINDOW', placeholder: 'SECONDS', defaultText: '60', description: 'length of a rate-limit window' },
  { name: 'rateLimitIp', flag: 'rate-limit-ip', env: 'POSTERN_RATE_LIMIT_IP', placeholder: 'N', defaultText: '600', description: 'requests per client IP per window, every route (0: off)' },
  { name: 'rateLimitAuth', flag: 'rate-limit-auth', env: 'POSTERN_RATE_LIMIT_AUTH', placeholder: 'N', defaultText: '30', description: 'requests to /auth/* per client IP, and per email signing in, per window (0: off)' },
  { name: 'rateLimitAccount', flag: 'rate-limit-account', env: 'POSTERN_RATE_LIMIT_ACCOUNT', placeholder: 'N', defaultText: '1200', description: 'requests per signed-in user or API key owner per window (0: off)' },
];

/** What the host looks like, so default paths can be tested for every platform. */
export interface HostSystem {
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

export type SettingFlags = Partial<Record<SettingName, string>>;

/** The default data directory: XDG on Linux and the BSDs, the usual app-data places elsewhere. */
export function defaultDataDir(env: NodeJS.ProcessEnv, system: HostSystem): string {
  if (system.platform === 'darwin') return join(system.home, 'Library', 'Application Support', 'postern-server');
  if (system.platform === 'win32') {
    const base = nonEmpty(env['LOCALAPPDATA']) ?? nonEmpty(env['APPDATA']) ?? join(system.home, 'AppData', 'Local');
    return join(base, 'postern-server');
  }
  const xdg = nonEmpty(env['XDG_DATA_HOME']);
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  return join(xdg !== undefined && xdg.startsWith('/') ? xdg : join(system.home, '.local', 'share'), 'postern-server');
}

/** Reads every setting from `flags` (already split from argv) and `env`; throws CONFIG_INVALID on the first bad one. */
export function resolveServerSettings(
  flags: SettingFlags,
  env: NodeJS.ProcessEnv = process.env,
  system: HostSystem = { platform: process.platform, home: homedir() },
): ServerSettings {
  const read = <T>(name: SettingName, schema: z.ZodType<T>, fallback: T): T => {
    const info = settingInfo(name);
    const fromFlag = flags[name];
    const raw = fromFlag ?? nonEmpty(env[info.env]);
    if (raw === undefined) return fallback;
    const source = fromFlag !== undefined ? `--${info.flag}` : info.env;
    const parsed = schema.safeParse(raw.trim());
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'invalid value';
      throw new ServerError('CONFIG_INVALID', `${source}: ${message} (got ${JSON.stringify(shown(name, raw))})`, { field: source });
    }
    return parsed.data;
  };

  const dataDir = read('dataDir', PathText, defaultDataDir(env, system));
  const databaseUrl = read('databaseUrl', DatabaseUrl, null);
  return {
    host: read('host', Host, '127.0.0.1'),
    port: read('port', integer(0, 65_535, 'a port number 0–65535'), 8420),
    dataDir,
    databaseUrl,
    sqliteFile: join(dataDir, DATABASE_FILE_NAME),
    masterKey: masterKeySetting(flags, env, dataDir),
    mailer: read('mailer', Mailer, { kind: 'console' }),
    publicUrl: read('publicUrl', PublicUrl, null),
    trustProxy: read('trustProxy', TrustProxy, false),
    bodyLimit: read('bodyLimit', ByteSize, DEFAULT_BODY_LIMIT),
    logLevel: read('logLevel', z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]], { error: `must be one of ${LOG_LEVELS.join(', ')}` }), 'info'),
    rateLimit: {
      windowSeconds: read('rateLimitWindow', integer(1, 86_400, 'a whole number of seconds 1–86400'), 60),
      perIp: read('rateLimitIp', integer(0, 1_000_000, 'a whole number 0–1000000'), 600),
      authPerIp: read('rateLimitAuth', integer(0, 1_000_000, 'a whole number 0–1000000'), 30),
      perAccount: read('rateLimitAccount', integer(0, 1_000_000, 'a whole number 0–1000000'), 1200),
    },
  };
}

export function settingInfo(name: SettingName): SettingInfo {
  const info = SERVER_SETTINGS.find((s) => s.name === name);
  if (info === undefined) throw new Error(`no setting ${name}`);
  return info;
}

/** flag > POSTERN_MASTER_KEY_FILE > POSTERN_MASTER_KEY > `<dataDir>/master.key`; both variables at once is ambiguous. */
function masterKeySetting(flags: SettingFlags, env: NodeJS.ProcessEnv, dataDir: string): MasterKeySetting {
  const fileFlag = flags.masterKeyFile;
  if (fileFlag !== undefined) {
    if (fileFlag.trim() === '') throw new ServerError('CONFIG_INVALID', '--master-key-file: give a file name', { field: '--master-key-file' });
    return { kind: 'file', path: fileFlag, source: '--master-key-file' };
  }
  const fileEnv = nonEmpty(env['POSTERN_MASTER_KEY_FILE']);
  const keyEnv = nonEmpty(env[MASTER_KEY_ENV]);
  if (fileEnv !== undefined && keyEnv !== undefined) {
    throw new ServerError('CONFIG_INVALID', `POSTERN_MASTER_KEY_FILE and ${MASTER_KEY_ENV} are both set: keep one`, { field: MASTER_KEY_ENV });
  }
  if (fileEnv !== undefined) return { kind: 'file', path: fileEnv, source: 'POSTERN_MASTER_KEY_FILE' };
  if (keyEnv !== undefined) return { kind: 'env', variable: MASTER_KEY_ENV };
  return { kind: 'data-dir', path: join(dataDir, MASTER_KEY_FILE_NAME) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The raw value as it may be echoed in an error: URLs lose their password. */
function shown(name: SettingName, raw: string): string {
  if (name !== 'databaseUrl' && name !== 'mailer') return raw.slice(0, 200);
  return maskUrlPassword(raw);
}

export function maskUrlPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}

function integer(min: number, max: number, what: string): z.ZodType<number> {
  return z
    .string()
    .regex(/^\d+$/, { error: `must be ${what}` })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: `must be ${what}` }).max(max, { error: `must be ${what}` }));
}

const PathText = z.string().min(1, { error: 'give a directory' }).refine((p) => !p.includes('\0'), { error: 'must be a path' });

const Host = z.string().regex(/^[A-Za-z0-9.:%[\]-]+$/, { error: 'must be a host name or IP address' });

const DatabaseUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/i, { error: 'must be a postgres:// or postgresql:// URL, or empty for SQLite' })
  .refine((url) => URL.canParse(url), { error: 'is not a valid URL' });

const Mailer: z.ZodType<MailerSettings, string> = z.string().transform((text, ctx): MailerSettings => {
  if (text === 'console') return { kind: 'console' };
  if (text.startsWith('file:')) {
    const dir = text.slice('file:'.length);
    if (dir !== '') return { kind: 'file', dir };
    ctx.addIssue({ code: 'custom', message: 'file: needs a directory, as in file:/var/spool/postern' });
    return z.NEVER;
  }
  if (/^smtps?:\/\//i.test(text) && URL.canParse(text) && new URL(text).hostname !== '') {
    return { kind: 'smtp', url: text, display: maskUrlPassword(text) };
  }
  ctx.addIssue({ code: 'custom', message: 'must be console, file:DIR, or an smtp:// or smtps:// URL with a host' });
  return z.NEVER;
});

// Never taken from a request's Host header: a forged Host would put an attacker's address in invite mails.
const PublicUrl: z.ZodType<string, string> = z.string().transform((text, ctx) => {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '' && url.username === '' && url.password === '') {
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }
  ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL without query, fragment or credentials' });
  return z.NEVER;
});

const TrustProxy: z.ZodType<boolean | string[], string> = z.string().transform((text, ctx) => {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  const entries = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (entries.length > 0 && entries.every((e) => /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(e))) return entries;
  ctx.addIssue({ code: 'custom', message: 'must be true, false, or comma-separated IP addresses or CIDRs' });
  return z.NEVER;
});

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 * 1024, m: 1024 * 1024 };

const ByteSize: z.ZodType<number, string> = z.string().transform((text, ctx) => {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text);
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  const bytes = match !== null && unit !== undefined ? Number(match[1]) * unit : NaN;
  if (Number.isSafeInteger(bytes) && bytes >= 1024 && bytes <= 100 * 1024 * 1024) return bytes;
  ctx.addIssue({ code: 'custom', message: 'must be a size from 1kb to 100mb, such as 1048576, 512kb or 2mb' });
  return z.NEVER;
});
