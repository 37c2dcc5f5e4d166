import type { Writable } from 'node:stream';
import type pc from 'picocolors';
import type { RunEvent } from '../../runner/index.js';
import { formatMs, formatSize } from '../send/format.js';
import { renderSummary } from './summary-table.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface Symbols {
  readonly ok: string;
  readonly folder: string;
  readonly item: string;
  readonly bar: string;
}

export const UNICODE_SYMBOLS: Symbols = { ok: '✓', folder: '❏', item: '→', bar: '│' };
export const ASCII_SYMBOLS: Symbols = { ok: 'ok', folder: '+', item: '>', bar: '|' };

/**
 * newman's `cli` reporter: the collection's name, each request with its status, size and time, each
 * assertion (✓ or its failure number), script errors and console output as they happen; then the summary
 * table and the numbered failures.
 */
export class CliReporter {
  private failureCount = 0;
  private lastFolder: string | undefined;

  constructor(
    private readonly out: Writable,
    private readonly c: Colors,
    private readonly symbols: Symbols,
    /** Called before each write, so a progress line on the same terminal can get out of the way. */
    private readonly beforeWrite: () => void = () => undefined,
  ) {}

  onEvent(event: RunEvent): void {
    const lines = this.linesFor(event);
    if (lines.length === 0) return;
    this.beforeWrite();
    this.out.write(`${lines.join('\n')}\n`);
  }

  private linesFor(event: RunEvent): string[] {
    const { c, symbols } = this;
    switch (event.type) {
      case 'start':
        return ['', c.bold(event.collection.name)];
      case 'beforeIteration':
        this.lastFolder = undefined;
        return event.iterationCount > 1 ? ['', c.dim(`Iteration ${event.iteration + 1}/${event.iterationCount}`)] : [];
      case 'beforeItem': {
        const folder = event.item.path.slice(0, Math.max(0, event.item.path.length - event.item.name.length - 3));
        const lines: string[] = [];
        if (folder !== '' && folder !== this.lastFolder) lines.push('', `${symbols.folder} ${folder}`);
        this.lastFolder = folder;
        lines.push(`${symbols.item} ${event.item.name}`);
        return lines;
      }
      case 'request': {
        const sent = event.request ? `${event.request.method} ${event.request.url} ` : '';
        if (event.error) {
          this.failureCount += 1;
          return [`  ${sent}${c.red('[errored]')}`, c.red(`     ${this.failureCount}. ${event.error.message}`)];
        }
        const response = event.response;
        if (!response) return [];
        const status = `${response.code} ${response.status}`.trim();
        return [`  ${sent}${c.dim(`[${status}, ${formatSize(response.responseSize)}, ${formatMs(response.responseTime)}]`)}`];
      }
      case 'assertion': {
        const { result } = event;
        if (result.error) {
          this.failureCount += 1;
          return [c.red(`  ${String(this.failureCount).padStart(2)}. ${result.assertion}`)];
        }
        if (result.skipped) return [c.dim(`  -  ${result.assertion} (skipped)`)];
        return [`  ${c.green(symbols.ok)}  ${c.dim(result.assertion)}`];
      }
      case 'script': {
        if (!event.error) return [];
        this.failureCount += 1;
        const label = event.event === 'test' ? 'test-script' : 'prerequest-script';
        return [c.red(`  ${String(this.failureCount).padStart(2)}. ${event.error.name} in ${label} (${event.location})`)];
      }
      case 'console':
        return [c.dim(`  ${symbols.bar} ${event.entry.message.replace(/\n/g, `\n  ${symbols.bar} `)}`)];
      case 'done':
        return ['', renderSummary(event.result, c, this.symbols === UNICODE_SYMBOLS)];
      default:
        return [];
    }
  }
}
