/**
 * `postern server` and its tools: run the server until a signal, apply migrations, verify the audit
 * chains, generate a master key. Settings come from flags and environment variables (see config.ts).
 * A ServerError becomes one `postern: error:` line; bad flags and values exit 2, other failures 1.
 */
import { parseArgs } from 'node:util';
import { PosternError } from '../../model/index.js';
import { resolveServerSettings, SERVER_SETTINGS, type ServerSettings, type SettingFlags } from '../../server/config.js';
import { generateMasterKeyHex } from '../../server/crypto/index.js';
import { migrateToLatest, openDatabase } from '../../server/db/index.js';
import { isServerError } from '../../server/errors.js';
import { tuneHeapForServing } from '../../server/heap-tuning.js';
import { closeOnSignals, startServer } from '../../server/start.js';
import type { CliIo } from '../io.js';
import { verifyAuditChains } from './audit-verify.js';
import { SERVER_HELP } from './help.js';

export interface ServerCommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Forced exit on a second signal (tests replace it). */
  readonly exit?: (code: number) => void;
}

/** Returns the exit code. Flag errors throw PosternError (exit 2 through main). */
export async function runServerCommand(argv: readonly string[], io: CliIo, options: ServerCommandOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const [first, second] = argv;
  const print = (line: string): void => void io.stdout.write(`${line}\n`);
  try {
    if (first === 'help') {
      io.stdout.write(SERVER_HELP);
      return 0;
    }
    if (first === 'master-key') {
      const args = parse(argv.slice(1), false);
      if (args.help) return help(io);
      if (second !== 'generate' || args.positionals.length !== 1) throw usage('master-key takes one command: postern server master-key generate');
      print(generateMasterKeyHex());
      return 0;
    }
    if (first === 'migrate') {
      const args = parse(argv.slice(1), false);
      if (args.help) return help(io);
      if (args.positionals.length > 0) throw usage(`migrate takes no arguments, got "${args.positionals[0] ?? ''}"`);
      return await migrate(resolveServerSettings(args.flags, env), print);
    }
    if (first === 'audit') {
      const args = parse(argv.slice(1), true);
      if (args.help) return help(io);
      if (second !== 'verify' || args.positionals.length !== 1) throw usage('audit takes one command: postern server audit verify [--json]');
      return await verifyAuditChains(resolveServerSettings(args.flags, env), { json: args.json, env, print });
    }
    const args = parse(argv, false);
    if (args.help) return help(io);
    if (args.positionals.length > 0) throw usage(`unknown server command "${args.positionals[0] ?? ''}"; use migrate, audit verify or master-key generate`);
    const settings = resolveServerSettings(args.flags, env);
    tuneHeapForServing();
    const server = await startServer(settings, { log: print, env, logDestination: io.stdout });
    return await closeOnSignals(server, { log: print, ...(options.exit !== undefined ? { exit: options.exit } : {}) });
  } catch (error) {
    if (!isServerError(error)) throw error;
    io.stderr.write(`postern: error: ${error.message}\n`);
    return error.code === 'CONFIG_INVALID' ? 2 : 1;
  }
}

async function migrate(settings: ServerSettings, print: (line: string) => void): Promise<number> {
  const database = await openDatabase(settings.databaseUrl !== null ? { url: settings.databaseUrl } : { sqliteFile: settings.sqliteFile });
  try {
    const report = await migrateToLatest(database.db);
    const applied = report.applied.length === 0 ? 'already up to date' : `applied ${report.applied.join(', ')}`;
    print(`Migrated ${database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${database.location}: ${applied}`);
    return 0;
  } finally {
    await database.close();
  }
}

function help(io: CliIo): number {
  io.stdout.write(SERVER_HELP);
  return 0;
}

function usage(message: string): PosternError {
  return new PosternError('INVALID_INPUT', message);
}

interface ParsedServerArgs {
  readonly flags: SettingFlags;
  readonly positionals: string[];
  readonly help: boolean;
  readonly json: boolean;
}

function parse(argv: readonly string[], allowJson: boolean): ParsedServerArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  if (allowJson) options['json'] = { type: 'boolean' };
  for (const s of SERVER_SETTINGS) options[s.flag] = { type: 'string' };
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as { values: Record<string, string | boolean | undefined>; positionals: string[] });
  } catch (error) {
    // Node's text goes on about positional arguments after its first sentence; the first is the point.
    const message = error instanceof Error ? (error.message.split('\n')[0]?.split('. ')[0] ?? 'bad arguments') : 'bad arguments';
    throw usage(`${message.replace(/\.$/, '')}; run 'postern server --help'`);
  }
  const flags: SettingFlags = {};
  for (const s of SERVER_SETTINGS) {
    const value = values[s.flag];
    if (typeof value === 'string') flags[s.name] = value;
  }
  return { flags, positionals, help: values['help'] === true, json: values['json'] === true };
}
