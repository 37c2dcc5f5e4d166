import { parseArgs } from 'node:util';
import { PosternError } from '../../model/index.js';
import { nearest } from '../../runner/index.js';

export const REPORTERS = ['cli', 'json', 'junit'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** What `postern run` was asked to do, parsed from argv (newman's flags); no file is read here. */
export interface RunArgs {
  readonly collectionFile: string;
  readonly environmentFile: string | undefined;
  readonly globalsFile: string | undefined;
  readonly dataFile: string | undefined;
  readonly iterationCount: number | undefined;
  readonly folders: readonly string[];
  readonly envVars: ReadonlyArray<readonly [string, string]>;
  readonly globalVars: ReadonlyArray<readonly [string, string]>;
  readonly delayRequestMs: number;
  readonly timeoutMs: number;
  readonly timeoutRequestMs: number;
  readonly timeoutScriptMs: number;
  /** Where scripts run: on this thread (fast, the default for a CLI run) or on their own thread. */
  readonly scriptIsolation: 'inline' | 'thread';
  readonly bail: boolean;
  readonly suppressExitCode: boolean;
  readonly insecure: boolean;
  readonly ignoreRedirects: boolean;
  readonly sslClientCert: string | undefined;
  readonly sslClientKey: string | undefined;
  readonly sslClientPassphrase: string | undefined;
  readonly sslClientCertList: string | undefined;
  readonly sslExtraCaCerts: string | undefined;
  readonly cookieJar: string | undefined;
  readonly exportCookieJar: string | undefined;
  readonly exportEnvironment: string | undefined;
  readonly exportGlobals: string | undefined;
  readonly exportCollection: string | undefined;
  readonly workingDir: string | undefined;
  readonly reporters: readonly ReporterName[];
  readonly jsonExport: string | undefined;
  readonly junitExport: string | undefined;
  readonly silent: boolean;
  readonly color: boolean | undefined;
  readonly unicode: boolean;
}

const OPTIONS = {
  environment: { type: 'string', short: 'e' },
  globals: { type: 'string', short: 'g' },
  'iteration-data': { type: 'string', short: 'd' },
  'iteration-count': { type: 'string', short: 'n' },
  folder: { type: 'string', multiple: true },
  'env-var': { type: 'string', multiple: true },
  'global-var': { type: 'string', multiple: true },
  'delay-request': { type: 'string' },
  timeout: { type: 'string' },
  'timeout-request': { type: 'string' },
  'timeout-script': { type: 'string' },
  'script-isolation': { type: 'string' },
  bail: { type: 'string' },
  'suppress-exit-code': { type: 'boolean', short: 'x' },
  insecure: { type: 'boolean', short: 'k' },
  'ignore-redirects': { type: 'boolean' },
  'ssl-client-cert': { type: 'string' },
  'ssl-client-key': { type: 'string' },
  'ssl-client-passphrase': { type: 'string' },
  'ssl-client-cert-list': { type: 'string' },
  'ssl-extra-ca-certs': { type: 'string' },
  'cookie-jar': { type: 'string' },
  'export-cookie-jar': { type: 'string' },
  'export-environment': { type: 'string' },
  'export-globals': { type: 'string' },
  'export-collection': { type: 'string' },
  'working-dir': { type: 'string' },
  reporters: { type: 'string', short: 'r', multiple: true },
  'reporter-json-export': { type: 'string' },
  'reporter-junit-export': { type: 'string' },
  silent: { type: 'boolean' },
  color: { type: 'string' },
  'no-color': { type: 'boolean' },
  'disable-unicode': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Every flag as typed on a command line, for suggestions. */
const FLAG_NAMES: readonly string[] = Object.keys(OPTIONS).map((name) => `--${name}`);

const BAIL_MODIFIERS = /^(folder|failure)(,(folder|failure))*$/;

export function parseRunArgs(argv: readonly string[]): RunArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: normaliseBail(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage(describeParseError(error));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const positionals = parsed.positionals;
  if (positionals.length === 0) throw usage('missing the collection file: postern run <collection.json> [options]');
  if (positionals.length > 1) throw usage(`unexpected argument "${positionals[1] ?? ''}" (only one collection file is run; quote values with spaces)`);
  if ((v['ssl-client-cert'] === undefined) !== (v['ssl-client-key'] === undefined)) throw usage('--ssl-client-cert and --ssl-client-key go together');

  return {
    collectionFile: positionals[0] as string,
    environmentFile: v.environment,
    globalsFile: v.globals,
    dataFile: v['iteration-data'],
    iterationCount: v['iteration-count'] === undefined ? undefined : positiveInt(v['iteration-count'], '-n, --iteration-count'),
    folders: v.folder ?? [],
    envVars: (v['env-var'] ?? []).map((text) => keyValue(text, '--env-var')),
    globalVars: (v['global-var'] ?? []).map((text) => keyValue(text, '--global-var')),
    delayRequestMs: milliseconds(v['delay-request'], '--delay-request'),
    timeoutMs: milliseconds(v.timeout, '--timeout'),
    timeoutRequestMs: milliseconds(v['timeout-request'], '--timeout-request'),
    timeoutScriptMs: milliseconds(v['timeout-script'], '--timeout-script'),
    scriptIsolation: isolation(v['script-isolation']),
    bail: v.bail !== undefined,
    suppressExitCode: v['suppress-exit-code'] ?? false,
    insecure: v.insecure ?? false,
    ignoreRedirects: v['ignore-redirects'] ?? false,
    sslClientCert: v['ssl-client-cert'],
    sslClientKey: v['ssl-client-key'],
    sslClientPassphrase: v['ssl-client-passphrase'],
    sslClientCertList: v['ssl-client-cert-list'],
    sslExtraCaCerts: v['ssl-extra-ca-certs'],
    cookieJar: v['cookie-jar'],
    exportCookieJar: v['export-cookie-jar'],
    exportEnvironment: v['export-environment'],
    exportGlobals: v['export-globals'],
    exportCollection: v['export-collection'],
    workingDir: v['working-dir'],
    reporters: reporters(v.reporters ?? ['cli']),
    jsonExport: v['reporter-json-export'],
    junitExport: v['reporter-junit-export'],
    silent: v.silent ?? false,
    color: v['no-color'] ? false : color(v.color),
    unicode: !(v['disable-unicode'] ?? false),
  };
}

/** newman's `--bail [folder,failure]` takes an optional value, which parseArgs cannot express. */
function normaliseBail(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg !== '--bail') {
      out.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && BAIL_MODIFIERS.test(next)) {
      out.push(`--bail=${next}`);
      i++;
    } else out.push('--bail=');
  }
  return out;
}

function describeParseError(error: unknown): string {
  const err: Error & { code?: string } = error instanceof Error ? error : new Error(String(error));
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /Unknown option '([^']+)'/.exec(err.message)?.[1] ?? '';
    const name = flag.split('=')[0] ?? flag;
    const suggestion = name.startsWith('--') ? nearest(name, FLAG_NAMES) : undefined;
    return `unknown option ${name}${suggestion ? `; did you mean ${suggestion}?` : ''} (run 'postern run --help' for the options)`;
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /Option '([^']+?)(?: <value>)?'/.exec(err.message)?.[1];
    if (option !== undefined && /argument missing/.test(err.message)) return `option ${option} needs a value`;
    if (option !== undefined && /does not take an argument/.test(err.message)) return `option ${option} takes no value`;
  }
  return err.message.split('. ')[0] ?? 'invalid arguments';
}

function reporters(values: readonly string[]): ReporterName[] {
  const out: ReporterName[] = [];
  for (const name of values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '')) {
    const known = REPORTERS.find((reporter) => reporter === name);
    if (!known) {
      const suggestion = nearest(name, REPORTERS);
      throw usage(`unknown reporter "${name}"${suggestion ? `; did you mean ${suggestion}?` : ''} (use ${REPORTERS.join(', ')})`);
    }
    if (!out.includes(known)) out.push(known);
  }
  return out;
}

function color(value: string | undefined): boolean | undefined {
  if (value === undefined || value === 'auto') return undefined;
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw usage(`--color takes auto, on or off, not "${value}"`);
}

function keyValue(text: string, flag: string): readonly [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usage(`${flag} "${text}" is not in the form name=value`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw usage(`${flag} needs a whole number from 1, not "${text}"`);
  return n;
}

function milliseconds(text: string | undefined, flag: string): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0) throw usage(`${flag} needs a whole number of milliseconds (0 or more), not "${text}"`);
  return n;
}

export function usage(message: string): PosternError {
  return new PosternError('INVALID_INPUT', message, { path: 'postern run' });
}

function isolation(value: string | undefined): 'inline' | 'thread' {
  if (value === undefined || value === 'inline' || value === 'thread') return value ?? 'inline';
  throw new PosternError('INVALID_INPUT', `--script-isolation must be inline or thread, not "${value}"`, { path: 'postern run' });
}
