import { resolve as resolvePath } from 'node:path';
import pc from 'picocolors';
import { Engine } from '../../engine/index.js';
import { isPosternError, PosternError, SettingsSchema, type Settings } from '../../model/index.js';
import { hasAnyScript, runCollection, type AnyHostCertificate, type RunEvent, type RunResult } from '../../runner/index.js';
import { createSandbox } from '../../scripts/index.js';
import { commandPolicy, scriptsDisabledError } from '../shared/managed-policy.js';
import type { ScriptSandbox } from '../../scripts/types.js';
import type { CliIo } from '../io.js';
import { parseRunArgs, type RunArgs } from './args.js';
import { writeExports, writeReports } from './exports.js';
import { RUN_HELP } from './help.js';
import { loadCertificateList, loadCollection, loadCookieJar, loadData, loadEnvironment, loadGlobals } from './load.js';
import { ProgressLine } from './progress-line.js';
import { ASCII_SYMBOLS, CliReporter, UNICODE_SYMBOLS } from './reporter-cli.js';

/** Exit code of a run cancelled with Ctrl-C, as shells report a SIGINT. */
const EXIT_CANCELLED = 130;

/**
 * `postern run <collection.json>`: newman's `run` with its flags. Every file is read and checked before
 * the first request; reports and exports are written even when the run fails or is cancelled. Exit code:
 * 0 when nothing failed, 1 when a request, script or assertion failed (0 with -x), 2 for bad input.
 */
export async function runRun(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    throw inFlagTerms(error);
  }
}

/** The runner names its options as fields (`folder`); a terminal user typed flags. */
function inFlagTerms(error: unknown): unknown {
  const flag = isPosternError(error) ? FLAG_FOR_FIELD[error.where.path ?? ''] : undefined;
  if (!isPosternError(error) || flag === undefined) return error;
  return new PosternError(error.code, error.message, { ...error.where, path: flag }, { cause: error });
}

const FLAG_FOR_FIELD: Readonly<Record<string, string>> = { folder: '--folder', iterationCount: '-n, --iteration-count' };

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseRunArgs(argv);
  if (parsed === 'help') {
    io.stdout.write(RUN_HELP);
    return 0;
  }
  const args = parsed;
  const workingDir = resolvePath(args.workingDir ?? '.');
  const collection = loadCollection(args.collectionFile);
  const environment = loadEnvironment(args.environmentFile, args.envVars);
  const globals = loadGlobals(args.globalsFile, args.globalVars);
  const data = loadData(args.dataFile);
  const cookies = loadCookieJar(args.cookieJar);
  const settings = runSettings(args, workingDir);

  const engine = new Engine({ cookies });
  const policy = await commandPolicy(io.stderr);
  const needsScripts = hasAnyScript(collection);
  if (needsScripts && policy.scriptsDisabled) throw scriptsDisabledError();
  // Policy limits are ceilings: --timeout-script may ask for less, never more.
  const askedTimeout = args.timeoutScriptMs > 0 ? args.timeoutScriptMs : undefined;
  const timeoutMs = policy.scriptTimeoutMs === undefined ? askedTimeout : Math.min(askedTimeout ?? policy.scriptTimeoutMs, policy.scriptTimeoutMs);
  const sandbox: ScriptSandbox | undefined = needsScripts
    ? await createSandbox({
        isolation: args.scriptIsolation,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(policy.scriptMemoryBytes !== undefined ? { memoryLimitBytes: policy.scriptMemoryBytes } : {}),
      })
    : undefined;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  const listeners = eventListeners(args, io);
  let result: RunResult;
  try {
    result = await runCollection({
      collection,
      environment,
      globals,
      data,
      iterationCount: args.iterationCount,
      folders: args.folders,
      settings,
      anyHostCertificate: anyHostCertificate(args),
      delayRequestMs: args.delayRequestMs,
      timeoutMs: args.timeoutMs,
      bail: args.bail,
      sandbox,
      sendOptionsFloor: policy.floor,
      engine,
      workingDir,
      keepResponseBodies: args.reporters.includes('json'),
      signal: controller.signal,
      onEvent: (event) => {
        for (const listener of listeners) listener(event);
      },
    });
    await writeReports(result, args, io);
    await writeExports(result, args, engine.cookies);
  } finally {
    process.off('SIGINT', onSignal);
    sandbox?.dispose();
    await engine.close();
  }
  if (result.stopped === 'cancelled') return EXIT_CANCELLED;
  const failed = result.failures.length > 0 || result.error !== null;
  return failed && !args.suppressExitCode ? 1 : 0;
}

function runSettings(args: RunArgs, workingDir: string): Settings {
  return SettingsSchema.parse({
    tls: { strictSSL: !args.insecure },
    caCertificates: { enabled: args.sslExtraCaCerts !== undefined, paths: args.sslExtraCaCerts ? [args.sslExtraCaCerts] : [] },
    clientCertificates: loadCertificateList(args.sslClientCertList, workingDir),
    timeouts: { requestMs: args.timeoutRequestMs },
    redirects: { follow: !args.ignoreRedirects },
    // newman sets no size limit on responses.
    maxResponseSizeMb: 0,
  });
}

/** newman's `--ssl-client-cert` and `--ssl-client-key`: offered to the host of each request. */
function anyHostCertificate(args: RunArgs): AnyHostCertificate | undefined {
  if (args.sslClientCert === undefined || args.sslClientKey === undefined) return undefined;
  return {
    cert: args.sslClientCert,
    key: args.sslClientKey,
    ...(args.sslClientPassphrase === undefined ? {} : { passphrase: args.sslClientPassphrase }),
  };
}

/** The cli reporter on stdout and, on a terminal, the live progress line on stderr. */
function eventListeners(args: RunArgs, io: CliIo): Array<(event: RunEvent) => void> {
  const listeners: Array<(event: RunEvent) => void> = [];
  const progress = io.stderrIsTTY && !args.silent ? new ProgressLine(io.stderr, () => (process.stderr.columns > 0 ? process.stderr.columns : 80)) : undefined;
  if (args.reporters.includes('cli') && !args.silent) {
    const colors = pc.createColors(args.color ?? (io.stdoutIsTTY && !process.env['NO_COLOR']));
    const reporter = new CliReporter(io.stdout, colors, args.unicode ? UNICODE_SYMBOLS : ASCII_SYMBOLS, () => progress?.clear());
    listeners.push((event) => reporter.onEvent(event));
  }
  if (progress) listeners.push((event) => progress.onEvent(event));
  if (!args.silent) {
    // Once per request and warning, not once per iteration.
    const seen = new Set<string>();
    listeners.push((event) => {
      if (event.type !== 'request') return;
      for (const warning of event.warnings) {
        const key = `${event.item.id}\n${warning}`;
        if (seen.has(key)) continue;
        seen.add(key);
        progress?.clear();
        io.stderr.write(`postern: warning: ${event.item.path}: ${warning}\n`);
      }
    });
  }
  return listeners;
}
