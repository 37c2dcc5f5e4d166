import { parseArgs } from 'node:util';
import { PosternError, TLS_PROTOCOLS, type TlsProtocol } from '../../model/index.js';

/** What `postern send` was asked to do, parsed from argv; no file is read here. */
export interface SendArgs {
  readonly method: string | undefined;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly data: readonly string[];
  readonly dataFile: string | undefined;
  readonly form: ReadonlyArray<FormArg>;
  readonly environmentFile: string | undefined;
  readonly vars: ReadonlyArray<readonly [string, string]>;
  readonly cacert: readonly string[];
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly pfx: string | undefined;
  readonly passphrase: string | undefined;
  readonly insecure: boolean;
  readonly tlsDisable: readonly TlsProtocol[] | undefined;
  readonly ciphers: readonly string[] | undefined;
  readonly preferServerCiphers: boolean;
  readonly proxy: string | undefined;
  readonly noProxy: readonly string[];
  readonly timeoutMs: number | undefined;
  readonly connectTimeoutMs: number | undefined;
  readonly keylog: string | undefined;
  readonly followRedirects: boolean;
  readonly maxRedirects: number | undefined;
  readonly maxSizeMb: number | undefined;
  readonly json: boolean;
  readonly bodyOnly: boolean;
  readonly output: string | undefined;
  readonly color: boolean | undefined;
}

export type FormArg = { readonly kind: 'text'; readonly name: string; readonly value: string } | { readonly kind: 'file'; readonly name: string; readonly path: string; readonly contentType?: string };

const OPTIONS = {
  request: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd', multiple: true },
  'data-file': { type: 'string' },
  form: { type: 'string', short: 'F', multiple: true },
  env: { type: 'string', short: 'e' },
  var: { type: 'string', multiple: true },
  cacert: { type: 'string', multiple: true },
  cert: { type: 'string' },
  key: { type: 'string' },
  pfx: { type: 'string' },
  passphrase: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  'tls-disable': { type: 'string' },
  ciphers: { type: 'string' },
  'prefer-server-ciphers': { type: 'boolean' },
  proxy: { type: 'string' },
  'no-proxy': { type: 'string' },
  timeout: { type: 'string' },
  'connect-timeout': { type: 'string' },
  keylog: { type: 'string' },
  'no-follow': { type: 'boolean' },
  'max-redirects': { type: 'string' },
  'max-size': { type: 'string' },
  json: { type: 'boolean' },
  'body-only': { type: 'boolean', short: 'b' },
  output: { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseSendArgs(argv: readonly string[]): SendArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage((error as Error).message.split('. ')[0] ?? 'invalid arguments');
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const positionals = parsed.positionals;
  if (positionals.length === 0) throw usage('missing URL: postern send [METHOD] URL');
  if (positionals.length > 2) throw usage(`too many arguments: ${positionals.slice(2).join(' ')} (quote values with spaces)`);
  const [first, second] = positionals as [string, string | undefined];
  if (second === undefined && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)$/.test(first)) {
    throw usage(`missing URL after ${first}: postern send [METHOD] URL`);
  }
  const method = second !== undefined ? first : v.request;
  if (second !== undefined && v.request !== undefined) throw usage('give the method once: either as the first argument or with -X');
  const url = second ?? first;

  if (v.data && v['data-file']) throw usage('use either -d or --data-file, not both');
  if ((v.data || v['data-file']) && v.form) throw usage('use either a body (-d/--data-file) or --form fields, not both');
  if (v.pfx && (v.cert || v.key)) throw usage('use either --pfx or --cert with --key, not both');
  if ((v.cert && !v.key) || (v.key && !v.cert)) throw usage('--cert and --key go together');

  return {
    method,
    url,
    headers: (v.header ?? []).map(parseHeader),
    data: v.data ?? [],
    dataFile: v['data-file'],
    form: (v.form ?? []).map(parseForm),
    environmentFile: v.env,
    vars: (v.var ?? []).map(parseVar),
    cacert: v.cacert ?? [],
    cert: v.cert,
    key: v.key,
    pfx: v.pfx,
    passphrase: v.passphrase ?? process.env['POSTERN_PASSPHRASE'],
    insecure: v.insecure ?? false,
    tlsDisable: v['tls-disable'] !== undefined ? parseProtocols(v['tls-disable']) : undefined,
    ciphers: v.ciphers !== undefined ? v.ciphers.split(/[:,]/).map((c) => c.trim()).filter((c) => c !== '') : undefined,
    preferServerCiphers: v['prefer-server-ciphers'] ?? false,
    proxy: v.proxy,
    noProxy: v['no-proxy'] ? v['no-proxy'].split(',').map((h) => h.trim()) : [],
    timeoutMs: v.timeout !== undefined ? nonNegativeInt(v.timeout, '--timeout') : undefined,
    connectTimeoutMs: v['connect-timeout'] !== undefined ? nonNegativeInt(v['connect-timeout'], '--connect-timeout') : undefined,
    keylog: v.keylog,
    followRedirects: !v['no-follow'],
    maxRedirects: v['max-redirects'] !== undefined ? nonNegativeInt(v['max-redirects'], '--max-redirects') : undefined,
    maxSizeMb: v['max-size'] !== undefined ? nonNegativeNumber(v['max-size'], '--max-size') : undefined,
    json: v.json ?? false,
    bodyOnly: v['body-only'] ?? false,
    output: v.output,
    color: v['no-color'] ? false : v.color,
  };
}

function parseHeader(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw usage(`header "${text}" is not in the form 'Name: value'`);
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

function parseVar(text: string): readonly [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usage(`--var "${text}" is not in the form name=value`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function parseForm(text: string): FormArg {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usage(`--form "${text}" is not in the form name=value or name=@file`);
  const name = text.slice(0, eq);
  const value = text.slice(eq + 1);
  if (!value.startsWith('@')) return { kind: 'text', name, value };
  const [path, ...params] = value.slice(1).split(';');
  const type = params.find((p) => p.trim().startsWith('type='))?.trim().slice(5);
  if (!path) throw usage(`--form "${text}" names no file after @`);
  return { kind: 'file', name, path, ...(type ? { contentType: type } : {}) };
}

function parseProtocols(text: string): TlsProtocol[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const match = TLS_PROTOCOLS.find((known) => known.toLowerCase() === p.toLowerCase().replace('.', '_'));
      if (!match) throw usage(`--tls-disable: unknown protocol "${p}" (use ${TLS_PROTOCOLS.join(', ')})`);
      return match;
    });
}

function nonNegativeInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw usage(`${flag} needs a whole number of 0 or more, not "${text}"`);
  return n;
}

function nonNegativeNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw usage(`${flag} needs a number of 0 or more, not "${text}"`);
  return n;
}

export function usage(message: string): PosternError {
  return new PosternError('INVALID_INPUT', message, { path: 'postern send' });
}
