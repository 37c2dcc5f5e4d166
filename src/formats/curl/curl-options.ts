import { PosternError } from '../../model/index.js';

/**
 * The curl options we understand, with what each one does to the request being built. Options that only
 * change how curl prints or saves the response are accepted and listed in `settings.ignoredOptions`, so
 * nothing is dropped silently; anything else is an error that names the option.
 */

export interface CurlSettings {
  /** `-k`: do not verify the server's certificate. */
  insecure?: boolean;
  /** `-L`: follow redirects (curl does not unless asked). */
  followRedirects?: boolean;
  maxRedirects?: number;
  /** `--compressed`: ask for and decode a compressed response. */
  compressed?: boolean;
  /** `-m`: whole request. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  proxy?: string;
  /** `user:password` for the proxy. */
  proxyUser?: string;
  /** `--cacert`: a CA bundle file. */
  caCertificate?: string;
  /** `-E`/`--cert`: client certificate file (PEM or PFX). */
  clientCertificate?: string;
  /** `--key`: the client certificate's key file. */
  clientKey?: string;
  /** `--pass`, or the `:password` suffix of `--cert`. */
  clientPassphrase?: string;
  /** Accepted options that change nothing about the request sent (`-s`, `-v`, `-o file`, …). */
  ignoredOptions?: string[];
}

export type DataKind = 'data' | 'raw' | 'binary' | 'urlencode' | 'json';

export interface CurlParseState {
  urls: string[];
  method?: string;
  head: boolean;
  get: boolean;
  headers: string[];
  cookies: string[];
  data: { kind: DataKind; value: string; option: string }[];
  form: { value: string; literal: boolean; option: string }[];
  user?: string;
  authScheme: 'basic' | 'digest' | 'ntlm';
  bearer?: string;
  userAgent?: string;
  referer?: string;
  range?: string;
  settings: CurlSettings;
}

export interface CurlOption {
  /** Short (`-X`) and long (`--request`) spellings. */
  readonly names: readonly string[];
  readonly takesValue: boolean;
  readonly apply: (state: CurlParseState, value: string, spelled: string) => void;
}

function seconds(value: string, spelled: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    throw new PosternError('INVALID_CURL', `${spelled} expects a number of seconds, got "${value}"`, { path: spelled });
  }
  return Math.round(parsed * 1000);
}

function count(value: string, spelled: string): number | undefined {
  if (!/^-?\d+$/.test(value.trim())) {
    throw new PosternError('INVALID_CURL', `${spelled} expects a whole number, got "${value}"`, { path: spelled });
  }
  // curl takes -1 for "no limit", which leaves the limit to the app's setting.
  const parsed = Number(value);
  return parsed < 0 ? undefined : parsed;
}

const ignore = (state: CurlParseState, value: string, spelled: string): void => {
  (state.settings.ignoredOptions ??= []).push(value === '' ? spelled : `${spelled} ${value}`);
};

const data = (kind: DataKind) => (state: CurlParseState, value: string, spelled: string): void => {
  state.data.push({ kind, value, option: spelled });
};

export const CURL_OPTIONS: readonly CurlOption[] = [
  { names: ['-X', '--request'], takesValue: true, apply: (s, v) => void (s.method = v) },
  { names: ['--url'], takesValue: true, apply: (s, v) => void s.urls.push(v) },
  { names: ['-H', '--header'], takesValue: true, apply: (s, v) => void s.headers.push(v) },
  { names: ['-d', '--data', '--data-ascii'], takesValue: true, apply: data('data') },
  { names: ['--data-raw'], takesValue: true, apply: data('raw') },
  { names: ['--data-binary'], takesValue: true, apply: data('binary') },
  { names: ['--data-urlencode'], takesValue: true, apply: data('urlencode') },
  { names: ['--json'], takesValue: true, apply: data('json') },
  { names: ['-F', '--form'], takesValue: true, apply: (s, v, o) => void s.form.push({ value: v, literal: false, option: o }) },
  { names: ['--form-string'], takesValue: true, apply: (s, v, o) => void s.form.push({ value: v, literal: true, option: o }) },
  { names: ['-u', '--user'], takesValue: true, apply: (s, v) => void (s.user = v) },
  { names: ['--basic'], takesValue: false, apply: (s) => void (s.authScheme = 'basic') },
  { names: ['--digest'], takesValue: false, apply: (s) => void (s.authScheme = 'digest') },
  { names: ['--ntlm'], takesValue: false, apply: (s) => void (s.authScheme = 'ntlm') },
  { names: ['--anyauth'], takesValue: false, apply: ignore },
  { names: ['--oauth2-bearer'], takesValue: true, apply: (s, v) => void (s.bearer = v) },
  { names: ['-A', '--user-agent'], takesValue: true, apply: (s, v) => void (s.userAgent = v) },
  { names: ['-e', '--referer'], takesValue: true, apply: (s, v) => void (s.referer = v.replace(/;auto$/, '')) },
  { names: ['-b', '--cookie'], takesValue: true, apply: (s, v, o) => (v.includes('=') ? void s.cookies.push(v) : ignore(s, v, o)) },
  { names: ['-r', '--range'], takesValue: true, apply: (s, v) => void (s.range = v) },
  { names: ['-I', '--head'], takesValue: false, apply: (s) => void (s.head = true) },
  { names: ['-G', '--get'], takesValue: false, apply: (s) => void (s.get = true) },
  { names: ['--compressed'], takesValue: false, apply: (s) => void (s.settings.compressed = true) },
  { names: ['-k', '--insecure'], takesValue: false, apply: (s) => void (s.settings.insecure = true) },
  { names: ['-L', '--location', '--location-trusted'], takesValue: false, apply: (s) => void (s.settings.followRedirects = true) },
  {
    names: ['--max-redirs'],
    takesValue: true,
    apply: (s, v, o) => {
      const max = count(v, o);
      if (max === undefined) delete s.settings.maxRedirects;
      else s.settings.maxRedirects = max;
    },
  },
  { names: ['-m', '--max-time'], takesValue: true, apply: (s, v, o) => void (s.settings.timeoutMs = seconds(v, o)) },
  { names: ['--connect-timeout'], takesValue: true, apply: (s, v, o) => void (s.settings.connectTimeoutMs = seconds(v, o)) },
  { names: ['-x', '--proxy'], takesValue: true, apply: (s, v) => void (s.settings.proxy = v) },
  { names: ['-U', '--proxy-user'], takesValue: true, apply: (s, v) => void (s.settings.proxyUser = v) },
  { names: ['--cacert'], takesValue: true, apply: (s, v) => void (s.settings.caCertificate = v) },
  {
    names: ['-E', '--cert'],
    takesValue: true,
    apply: (s, v) => {
      // `file:password`; a Windows drive letter (`C:\…`) is not a password separator.
      const colon = v.indexOf(':', /^[A-Za-z]:[\\/]/.test(v) ? 2 : 0);
      s.settings.clientCertificate = colon < 0 ? v : v.slice(0, colon);
      if (colon >= 0) s.settings.clientPassphrase = v.slice(colon + 1);
    },
  },
  { names: ['--key'], takesValue: true, apply: (s, v) => void (s.settings.clientKey = v) },
  { names: ['--pass'], takesValue: true, apply: (s, v) => void (s.settings.clientPassphrase = v) },
  // URL patterns are never expanded here, so turning them off changes nothing worth recording.
  { names: ['-g', '--globoff'], takesValue: false, apply: () => undefined },
  // Output, progress, protocol-version and retry options: they do not change what is sent.
  ...[
    '-s', '--silent', '-S', '--show-error', '-v', '--verbose', '-i', '--include', '-f', '--fail', '--fail-with-body',
    '-N', '--no-buffer', '-#', '--progress-bar', '--no-progress-meter', '--http1.1', '--http2',
    '--http2-prior-knowledge', '--http3', '-O', '--remote-name', '-J', '--remote-header-name', '-4', '--ipv4', '-6',
    '--ipv6', '--no-keepalive', '--tcp-nodelay', '--raw', '-j', '--junk-session-cookies', '--styled-output',
    '--no-styled-output', '--no-sessionid', '--no-alpn', '--no-npn', '--path-as-is', '-q', '--disable',
  ].map((name): CurlOption => ({ names: [name], takesValue: false, apply: ignore })),
  ...[
    '-o', '--output', '-w', '--write-out', '-D', '--dump-header', '-c', '--cookie-jar', '--retry', '--retry-delay',
    '--retry-max-time', '--limit-rate', '--trace', '--trace-ascii', '--stderr', '--cert-type', '--key-type',
    '--keepalive-time', '--expect100-timeout',
  ].map((name): CurlOption => ({ names: [name], takesValue: true, apply: ignore })),
];

const BY_NAME = new Map<string, CurlOption>(CURL_OPTIONS.flatMap((option) => option.names.map((name) => [name, option] as const)));

export function findCurlOption(name: string): CurlOption | undefined {
  return BY_NAME.get(name);
}
