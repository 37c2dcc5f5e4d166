import { parseArgs } from 'node:util';
import { startAgent } from '../../agent/index.js';
import { PosternError } from '../../model/index.js';
import type { CliIo } from '../io.js';
import { desktopDataDir } from './data-dir.js';
import { WEB_HELP } from './help.js';
import { openInBrowser, type BrowserOpening } from './open-browser.js';
import { builtRendererDir } from './renderer-dir.js';
import { openDesktopServices, type WebBackend } from './services.js';

export interface WebCommandOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Settles when browser mode should stop; default the first SIGINT or SIGTERM. */
  readonly stop?: Promise<unknown>;
  /** Default: the desktop services over the data folder. */
  readonly openBackend?: (dataDir: string, env: Readonly<Record<string, string | undefined>>) => Promise<WebBackend>;
  readonly openUrl?: (url: string) => Promise<BrowserOpening>;
  /** Default: dist/renderer of this checkout. */
  readonly rendererDir?: string;
}

interface WebArgs {
  readonly port: number;
  readonly open: boolean;
  readonly dataDir: string | undefined;
  readonly help: boolean;
}

/**
 * `postern web`: browser mode. Prints exactly one stdout line, the URL to open (token in its fragment);
 * notes go to stderr. Returns 0 after a clean stop.
 */
export async function runWeb(argv: readonly string[], io: CliIo, options: WebCommandOptions = {}): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    io.stdout.write(WEB_HELP);
    return 0;
  }
  const env = options.env ?? process.env;
  const dataDir = args.dataDir ?? desktopDataDir(env);
  // Listen for signals from the start: a Ctrl-C while the services open still stops cleanly.
  const stop = options.stop ?? nextSignal();
  const backend = await (options.openBackend ?? openDesktopServices)(dataDir, env);
  try {
    const staticDir = options.rendererDir ?? builtRendererDir();
    const agent = await startAgent({ handlers: backend, port: args.port, ...(staticDir !== undefined ? { staticDir } : {}) });
    let opening: BrowserOpening | undefined;
    try {
      io.stdout.write(`${agent.url}\n`);
      if (!agent.uiBuilt) io.stderr.write(`postern: note: the UI is not built (${staticDir ?? 'dist/renderer'} has no index.html); the page says how to build it\n`);
      if (args.open) {
        opening = await (options.openUrl ?? openInBrowser)(agent.url);
        if (!opening.opened) io.stderr.write('postern: note: could not open a browser; open the URL above\n');
      }
      await stop;
    } finally {
      await opening?.close();
      await agent.close();
    }
  } finally {
    await backend.close();
  }
  return 0;
}

/** The first SIGINT or SIGTERM; a second one while closing ends the process at once. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = (): void => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function parse(argv: readonly string[]): WebArgs {
  let values: { port?: string; 'no-open'?: boolean; 'data-dir'?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments';
    throw new PosternError('INVALID_INPUT', `${message.replace(/\.$/, '')}; run 'postern web --help'`);
  }
  if (positionals.length > 0) throw new PosternError('INVALID_INPUT', `web takes no arguments, got "${positionals[0] ?? ''}"; run 'postern web --help'`);
  const portText = values.port ?? '0';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new PosternError('INVALID_INPUT', `--port must be a number 0-65535, got "${portText}"`, { path: '--port' });
  if (values['data-dir'] === '') throw new PosternError('INVALID_INPUT', '--data-dir must not be empty', { path: '--data-dir' });
  return { port: Number(portText), open: values['no-open'] !== true, dataDir: values['data-dir'], help: values.help === true };
}
