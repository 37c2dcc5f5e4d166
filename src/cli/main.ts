import { isPosternError, type PosternError } from '../model/index.js';
import { POSTERN_VERSION } from '../version.js';
import type { CliIo } from './io.js';
import { runPolicy } from './policy/command.js';
import { runRun } from './run/command.js';
import { runSend } from './send/command.js';

const HELP = `Usage: postern <command> [options]

Commands
  send      send one HTTP request (curl/httpie-like) with Postern's TLS controls
  run       run a Postman collection (newman-compatible flags and reports)
  policy    show the effective managed settings, check a policy profile
  web       browser mode: serve the app on 127.0.0.1 and print the URL to open
  server    run the team server (accounts, teams, API keys, audit log); migrate, audit verify

Run 'postern <command> --help' for a command's options.
  -v, --version   print the version
`;

const USAGE_CODES = new Set(['INVALID_INPUT', 'INVALID_URL', 'UNSUPPORTED_SCHEME', 'INVALID_JSON', 'INVALID_ENVIRONMENT', 'INVALID_COLLECTION', 'FILE_UNREADABLE', 'CERT_INVALID', 'KEY_INVALID', 'PFX_PASSPHRASE', 'CERT_KEY_MISMATCH', 'UNKNOWN_CIPHER', 'NO_TLS_PROTOCOL', 'NO_USABLE_CIPHER']);

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  try {
    switch (command) {
      case 'send':
        return await runSend(rest, io);
      case 'run':
        return await runRun(rest, io);
      case 'policy':
        return await runPolicy(rest, io);
      case 'web':
        // Loaded on demand, like server: the agent and the desktop services stay out of other commands.
        return await (await import('./web/index.js')).runWeb(rest, io);
      case 'server':
        // Loaded on demand: the server's dependencies (fastify, database drivers) stay out of other commands.
        return await (await import('./server/command.js')).runServerCommand(rest, io);
      case '-v':
      case '--version':
        io.stdout.write(`${POSTERN_VERSION}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        io.stderr.write(`postern: unknown command "${command}"; run 'postern --help'\n`);
        return 2;
    }
  } catch (error) {
    return report(error, io, json);
  }
}

function report(error: unknown, io: CliIo, json: boolean): number {
  if (isPosternError(error)) {
    const e: PosternError = error;
    io.stderr.write(`postern: error: ${e.toLine()}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.toLine() } })}\n`);
    return USAGE_CODES.has(e.code) ? 2 : 1;
  }
  // Unexpected: one line, no stack trace; POSTERN_DEBUG=1 shows it for bug reports.
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`postern: internal error: ${message.split('\n')[0]}\n`);
  if (process.env['POSTERN_DEBUG'] && error instanceof Error) io.stderr.write(`${error.stack ?? ''}\n`);
  if (json) io.stdout.write(`${JSON.stringify({ error: { code: 'INTERNAL', message } })}\n`);
  return 70;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdoutIsTTY: Boolean(process.stdout.isTTY), stderrIsTTY: Boolean(process.stderr.isTTY) };
}
