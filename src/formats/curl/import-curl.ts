import { MethodSchema, PosternError } from '../../model/index.js';
import type { Auth, KeyValue, Request } from '../../model/index.js';
import { splitUrl } from '../url-parts.js';
import { buildCurlBody } from './curl-body.js';
import { findCurlOption } from './curl-options.js';
import type { CurlParseState, CurlSettings } from './curl-options.js';
import { splitShellWords } from './shell-words.js';

export interface CurlImport {
  readonly request: Request;
  /** What the command asks of the client rather than of the request: TLS, redirects, timeouts, proxy. */
  readonly settings: CurlSettings;
}

function curlError(message: string, option?: string): PosternError {
  return new PosternError('INVALID_CURL', message, option ? { path: option } : {});
}

function isCurlProgram(word: string): boolean {
  return /(^|[\\/])curl(\.exe)?$/i.test(word);
}

/** Words after `curl`: a shell prompt (`$ `) before it is tolerated. */
function commandArguments(command: string): string[] {
  if (/^\s*curl(\.exe)?\s+\^/i.test(command)) {
    throw curlError('this is Windows cmd quoting (^"…^"); copy the request as cURL (bash) instead');
  }
  const { words, rest } = splitShellWords(command);
  const start = words[0] === '$' ? 1 : 0;
  const program = words[start];
  if (program === undefined) throw curlError('the command is empty; paste a curl command');
  if (!isCurlProgram(program)) throw curlError(`expected a curl command, found "${program}"`);
  // A pipe to another program (`| jq .`) does not change the request; `;`, `&` or a redirect mid-command do.
  if (rest !== undefined && !rest.startsWith('|')) {
    const operator = rest.slice(0, rest.startsWith('&&') || rest.startsWith('||') ? 2 : 1);
    throw curlError(`unquoted "${operator}" ends the curl command in a shell; quote the URL or value that contains it`);
  }
  return words.slice(start + 1);
}

function newState(): CurlParseState {
  return { urls: [], head: false, get: false, headers: [], cookies: [], data: [], form: [], authScheme: 'basic', settings: {} };
}

function readOptions(args: readonly string[]): CurlParseState {
  const state = newState();
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    const valueAfter = (spelled: string): string => {
      const value = args[i + 1];
      if (value === undefined) throw curlError(`option ${spelled} needs a value`, spelled);
      i++;
      return value;
    };
    if (word.startsWith('--')) {
      const option = findCurlOption(word);
      if (!option) throw curlError(`unknown curl option "${word}"`, word);
      option.apply(state, option.takesValue ? valueAfter(word) : '', word);
    } else if (word.startsWith('-') && word.length > 1) {
      // Short options cluster (`-sSL`); one that takes a value takes the rest of the word or the next word (`-XPOST`, `-X POST`).
      for (let at = 1; at < word.length; at++) {
        const spelled = `-${word[at] ?? ''}`;
        const option = findCurlOption(spelled);
        if (!option) throw curlError(`unknown curl option "${spelled}"${word.length > 2 ? ` in "${word}"` : ''}`, spelled);
        if (!option.takesValue) {
          option.apply(state, '', spelled);
          continue;
        }
        const attached = word.slice(at + 1);
        option.apply(state, attached !== '' ? attached : valueAfter(spelled), spelled);
        break;
      }
    } else {
      state.urls.push(word);
    }
  }
  return state;
}

function headerRow(line: string): KeyValue | undefined {
  if (line.startsWith('@')) throw curlError(`-H ${line} reads headers from a file, which a pasted command cannot bring along`, '-H');
  const colon = line.indexOf(':');
  const semicolon = line.indexOf(';');
  // `Name;` sends an empty header; `Name:` with nothing after tells curl to drop one of its own, so there is nothing to send.
  if (colon < 0) {
    return semicolon > 0 && line.slice(semicolon + 1).trim() === '' ? { key: line.slice(0, semicolon).trim(), value: '', enabled: true } : undefined;
  }
  const value = line.slice(colon + 1).trim();
  return value === '' ? undefined : { key: line.slice(0, colon).trim(), value, enabled: true };
}

function findHeader(headers: readonly KeyValue[], name: string): KeyValue | undefined {
  return headers.find((row) => row.key.toLowerCase() === name.toLowerCase());
}

function decodeUserInfo(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** curl sends `user:pass@` in a URL as basic auth; the model keeps it as auth, not in the address. */
function takeUrlCredentials(url: string): { url: string; user?: string } {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i.exec(url);
  if (!match?.[1] || match[2] === undefined) return { url };
  return { url: match[1] + url.slice(match[0].length), user: match[2].split(':').map(decodeUserInfo).join(':') };
}

function buildAuth(state: CurlParseState, urlUser: string | undefined): Auth | undefined {
  if (state.bearer !== undefined) return { type: 'bearer', params: { token: state.bearer } };
  const user = state.user ?? urlUser;
  if (user === undefined) return undefined;
  const colon = user.indexOf(':');
  const username = colon < 0 ? user : user.slice(0, colon);
  const password = colon < 0 ? '' : user.slice(colon + 1);
  return { type: state.authScheme, params: { username, password } };
}

function methodFor(state: CurlParseState): string {
  if (state.method !== undefined) {
    if (!MethodSchema.safeParse(state.method).success) throw curlError(`-X "${state.method}" is not an HTTP method`, '-X');
    return state.method;
  }
  if (state.head) return 'HEAD';
  if (state.get) return 'GET';
  return state.data.length > 0 || state.form.length > 0 ? 'POST' : 'GET';
}

/**
 * Parse a curl command as pasted from a terminal, API docs, or a browser's "Copy as cURL" (bash/POSIX
 * quoting) into a request plus the client settings it asks for.
 */
export function importCurl(command: string): CurlImport {
  const state = readOptions(commandArguments(command));
  if (state.urls.length === 0) throw curlError('the curl command has no URL');
  if (state.urls.length > 1) throw curlError(`the curl command has more than one URL (${state.urls.join(', ')}); import one request at a time`);

  const typed = state.urls[0] ?? '';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) || typed.startsWith('{{') ? typed : `http://${typed}`;
  const { url, user: urlUser } = takeUrlCredentials(withScheme);
  const split = splitUrl(url);

  const headers = state.headers.map(headerRow).filter((row): row is KeyValue => row !== undefined);
  if (state.userAgent !== undefined) headers.push({ key: 'User-Agent', value: state.userAgent, enabled: true });
  if (state.referer !== undefined) headers.push({ key: 'Referer', value: state.referer, enabled: true });
  if (state.range !== undefined) headers.push({ key: 'Range', value: `bytes=${state.range}`, enabled: true });
  if (state.cookies.length > 0) headers.push({ key: 'Cookie', value: state.cookies.join('; '), enabled: true });
  if (state.data.some((part) => part.kind === 'json')) {
    if (!findHeader(headers, 'Content-Type')) headers.push({ key: 'Content-Type', value: 'application/json', enabled: true });
    if (!findHeader(headers, 'Accept')) headers.push({ key: 'Accept', value: 'application/json', enabled: true });
  }

  const { body, impliedContentType, query } = buildCurlBody(state, findHeader(headers, 'Content-Type')?.value);
  if (impliedContentType !== undefined) headers.push({ key: 'Content-Type', value: impliedContentType, enabled: true });
  const auth = buildAuth(state, urlUser);
  const request: Request = {
    method: methodFor(state),
    url: split.base,
    query: [...split.query, ...query],
    pathVariables: [],
    headers,
    body,
    ...(auth ? { auth } : {}),
  };
  return { request, settings: state.settings };
}
