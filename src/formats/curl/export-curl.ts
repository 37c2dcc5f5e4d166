import type { Auth, Body, KeyValue, RAW_LANGUAGES, Request } from '../../model/index.js';
import { joinUrl } from '../url-parts.js';
import { curlUrlEncode } from './curl-body.js';
import type { CurlSettings } from './curl-options.js';
import { quoteShellWord } from './shell-words.js';

export interface CurlExportOptions {
  /** One option a line with ` \` continuations (the default), or all on one line. */
  readonly multiline?: boolean;
}

const CONTENT_TYPE_FOR_LANGUAGE: Readonly<Record<(typeof RAW_LANGUAGES)[number], string>> = {
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  javascript: 'application/javascript',
  text: 'text/plain',
};

type Argument = readonly [option: string, value?: string];

function hasHeader(headers: readonly KeyValue[], name: string): boolean {
  return headers.some((row) => row.enabled && row.key.toLowerCase() === name.toLowerCase());
}

/** `:name` path segments filled in from the request's path variables. */
function fillPathVariables(url: string, variables: readonly KeyValue[]): string {
  if (variables.length === 0) return url;
  return url.replace(/(\/):([A-Za-z0-9_.-]+)(?=[/?#]|$)/g, (whole, slash: string, name: string) => {
    const variable = variables.find((row) => row.key === name && row.enabled);
    return variable === undefined ? whole : `${slash}${variable.value}`;
  });
}

/**
 * Characters that may not stand in a URL on the wire (spaces, quotes, `#` inside a value, non-ASCII)
 * percent-encoded as UTF-8, as the engine sends them; everything else is left as typed.
 */
function sendableUrl(url: string): string {
  const schemeEnd = url.indexOf('://');
  const head = schemeEnd < 0 ? '' : url.slice(0, schemeEnd + 3);
  const rest = url.slice(head.length);
  let out = head;
  for (const char of rest) {
    const code = char.codePointAt(0) ?? 0;
    const unsafe = code <= 0x20 || code >= 0x7f || '"#<>`\\^|'.includes(char);
    // A lone surrogate cannot be UTF-8 encoded; it becomes U+FFFD, as a browser would send it.
    out += !unsafe ? char : code >= 0xd800 && code <= 0xdfff ? '%EF%BF%BD' : encodeURIComponent(char);
  }
  return out;
}

function authArguments(auth: Auth | undefined, headers: KeyValue[], query: KeyValue[]): Argument[] {
  const text = (key: string): string => {
    const value = auth?.params[key];
    return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  };
  switch (auth?.type) {
    case 'basic':
      return [['--user', `${text('username')}:${text('password')}`]];
    case 'digest':
    case 'ntlm':
      return [[`--${auth.type}`], ['--user', `${text('username')}:${text('password')}`]];
    case 'bearer':
      return [['--oauth2-bearer', text('token')]];
    case 'apikey': {
      const row = { key: text('key'), value: text('value'), enabled: true };
      if (text('in') === 'query') query.push(row);
      else headers.push(row);
      return [];
    }
    case 'oauth2': {
      const prefix = text('headerPrefix') || 'Bearer';
      if (text('accessToken') !== '' && text('addTokenTo') !== 'queryParams') {
        headers.push({ key: 'Authorization', value: `${prefix} ${text('accessToken')}`, enabled: true });
      }
      return [];
    }
    case 'awsv4': {
      if (text('sessionToken') !== '') headers.push({ key: 'X-Amz-Security-Token', value: text('sessionToken'), enabled: true });
      return [
        ['--aws-sigv4', `aws:amz:${text('region') || 'us-east-1'}:${text('service') || 'execute-api'}`],
        ['--user', `${text('accessKey')}:${text('secretKey')}`],
      ];
    }
    default:
      // noauth, inherited (absent), and the signing schemes curl has no option for.
      return [];
  }
}

/** A -F value: text as is when curl would not read anything special into it, else quoted. */
function formArguments(body: Extract<Body, { mode: 'formdata' }>): Argument[] {
  const out: Argument[] = [];
  const quoted = (value: string): string => `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
  for (const field of body.formdata) {
    if (!field.enabled) continue;
    const type = field.contentType ? `;type=${field.contentType}` : '';
    if (field.type === 'file') {
      for (const path of field.src) out.push(['--form', `${field.key}=@${/[;,"]/.test(path) ? quoted(path) : path}${type}`]);
    } else if (type !== '') {
      out.push(['--form', `${field.key}=${quoted(field.value)}${type}`]);
    } else if (/^[@<"]/.test(field.value) || field.value.includes(';')) {
      out.push(['--form-string', `${field.key}=${field.value}`]);
    } else {
      out.push(['--form', `${field.key}=${field.value}`]);
    }
  }
  return out;
}

/** GraphQL variables are edited as JSON text; sent as the JSON value (or the text, when it is not JSON). */
function graphqlVariables(text: string | undefined): unknown {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return trimmed;
  }
}

function bodyArguments(body: Body, headers: KeyValue[]): Argument[] {
  const setContentType = (value: string): void => {
    if (!hasHeader(headers, 'Content-Type')) headers.push({ key: 'Content-Type', value, enabled: true });
  };
  switch (body.mode) {
    case 'none':
      return [];
    case 'raw':
      setContentType(CONTENT_TYPE_FOR_LANGUAGE[body.language ?? 'text']);
      return [['--data-raw', body.raw]];
    case 'urlencoded':
      // --data-urlencode encodes only the value, so a key that needs encoding is sent encoded with --data.
      return body.urlencoded
        .filter((row) => row.enabled)
        .map((row): Argument => (/^[A-Za-z0-9._~-]+$/.test(row.key)
          ? ['--data-urlencode', `${row.key}=${row.value}`]
          : ['--data', `${curlUrlEncode(row.key)}=${curlUrlEncode(row.value)}`]));
    case 'formdata':
      return formArguments(body);
    case 'file':
      return [['--data-binary', `@${body.file.src}`]];
    case 'graphql': {
      setContentType('application/json');
      const payload = {
        query: body.graphql.query,
        variables: graphqlVariables(body.graphql.variables),
        operationName: body.graphql.operationName,
      };
      return [['--data-raw', JSON.stringify(payload)]];
    }
  }
}

function settingArguments(settings: CurlSettings): Argument[] {
  const out: Argument[] = [];
  if (settings.followRedirects) out.push(['--location']);
  if (settings.maxRedirects !== undefined) out.push(['--max-redirs', String(settings.maxRedirects)]);
  if (settings.insecure) out.push(['--insecure']);
  if (settings.compressed) out.push(['--compressed']);
  if (settings.timeoutMs !== undefined) out.push(['--max-time', String(settings.timeoutMs / 1000)]);
  if (settings.connectTimeoutMs !== undefined) out.push(['--connect-timeout', String(settings.connectTimeoutMs / 1000)]);
  if (settings.proxy !== undefined) out.push(['--proxy', settings.proxy]);
  if (settings.proxyUser !== undefined) out.push(['--proxy-user', settings.proxyUser]);
  if (settings.caCertificate !== undefined) out.push(['--cacert', settings.caCertificate]);
  if (settings.clientCertificate !== undefined) out.push(['--cert', settings.clientCertificate]);
  if (settings.clientKey !== undefined) out.push(['--key', settings.clientKey]);
  if (settings.clientPassphrase !== undefined) out.push(['--pass', settings.clientPassphrase]);
  return out;
}

/**
 * A curl command that sends the request: pasted into a POSIX shell it sends the same method, URL,
 * headers, auth and body. Pass a resolved request: `{{variables}}` are written as they are, and an
 * absent (inherited) auth sends none. oauth1, hawk and other signing schemes curl cannot do are left out.
 */
export function exportCurl(request: Request, settings: CurlSettings = {}, opts: CurlExportOptions = {}): string {
  const headers = request.headers.filter((row) => row.enabled);
  const query = [...request.query];
  const auth = authArguments(request.auth, headers, query);
  const body = bodyArguments(request.body, headers);
  const url = sendableUrl(joinUrl(fillPathVariables(request.url, request.pathVariables), query));

  const hasData = request.body.mode !== 'none' && request.body.mode !== 'formdata';
  const hasForm = request.body.mode === 'formdata';
  // Say the method only when curl would not infer it: GET without a body, POST with one, HEAD via --head.
  const inferred = hasData || hasForm ? 'POST' : 'GET';
  const method: Argument[] = request.method === 'HEAD' && !hasData && !hasForm
    ? [['--head']]
    : request.method === inferred ? [] : [['--request', request.method]];

  const args: Argument[] = [
    ...method,
    // curl reads {} and [] in a URL as patterns for several requests, unless told not to.
    ...(/[{}[\]]/.test(url) ? [['--globoff'] as const] : []),
    ['--url', url],
    ...headers.map((row): Argument => ['--header', row.value === '' ? `${row.key};` : `${row.key}: ${row.value}`]),
    ...auth,
    ...body,
    ...settingArguments(settings),
  ];
  const parts = args.map(([option, value]) => (value === undefined ? option : `${option} ${quoteShellWord(value)}`));
  return `curl ${parts.join(opts.multiline === false ? ' ' : ' \\\n  ')}`;
}
