import type pc from 'picocolors';
import type { RunResult, StatCounter } from '../../runner/index.js';
import { formatMs, formatSize } from '../send/format.js';

type Colors = ReturnType<typeof pc.createColors>;

const WIDTHS = [25, 19, 18] as const;

interface Box {
  readonly h: string;
  readonly v: string;
  readonly top: [string, string, string];
  readonly middle: [string, string, string];
  readonly closeColumns: [string, string, string];
  readonly bottom: [string, string];
}

const UNICODE_BOX: Box = { h: '─', v: '│', top: ['┌', '┬', '┐'], middle: ['├', '┼', '┤'], closeColumns: ['├', '┴', '┤'], bottom: ['└', '┘'] };
const ASCII_BOX: Box = { h: '-', v: '|', top: ['+', '+', '+'], middle: ['+', '+', '+'], closeColumns: ['+', '+', '+'], bottom: ['+', '+'] };

/**
 * newman's end-of-run table (iterations, requests, test and pre-request scripts, assertions: executed and
 * failed; duration, data received, response times) followed by the numbered list of failures.
 */
export function renderSummary(result: RunResult, c: Colors, unicode: boolean): string {
  const box = unicode ? UNICODE_BOX : ASCII_BOX;
  const { stats, timings } = result;
  const notes = [
    `total run duration: ${formatMs(Math.max(0, timings.completed - timings.started))}`,
    `total data received: ${formatSize(result.transferredBytes)} (approx)`,
    ...(stats.requests.total > stats.requests.failed
      ? [`average response time: ${formatMs(timings.responseAverage)} [min: ${formatMs(timings.responseMin)}, max: ${formatMs(timings.responseMax)}, s.d.: ${formatMs(timings.responseSd)}]`]
      : []),
  ];
  // The first column widens when a note would not fit the table.
  const overflow = Math.max(0, ...notes.map((note) => note.length + 2 - (WIDTHS[0] + WIDTHS[1] + WIDTHS[2] + 2)));
  const widths = [WIDTHS[0] + overflow, WIDTHS[1], WIDTHS[2]] as const;
  const inner = widths[0] + widths[1] + widths[2] + 2;
  const rule = ([left, join, right]: [string, string, string]): string => left + widths.map((w) => box.h.repeat(w)).join(join) + right;
  const row = (label: string, executed: string, failed: string, failedPaint: (s: string) => string = (s) => s): string =>
    `${box.v}${label.padStart(widths[0] - 1)} ${box.v}${executed.padStart(widths[1] - 1)} ${box.v}${failedPaint(failed.padStart(widths[2] - 1))} ${box.v}`;
  const stat = (label: string, counter: StatCounter): string =>
    row(label, String(counter.total), String(counter.failed), counter.failed > 0 ? c.red : (s) => s);
  const wide = (text: string): string => `${box.v} ${text.padEnd(inner - 1)}${box.v}`;
  const separator = `${box.middle[0]}${box.h.repeat(inner)}${box.middle[2]}`;
  const lines = [
    rule(box.top),
    row('', 'executed', 'failed'),
    rule(box.middle),
    stat('iterations', stats.iterations),
    stat('requests', stats.requests),
    stat('test-scripts', stats.testScripts),
    stat('prerequest-scripts', stats.prerequestScripts),
    stat('assertions', stats.assertions),
    rule(box.closeColumns),
    ...notes.flatMap((note, index) => (index === 0 ? [wide(note)] : [separator, wide(note)])),
  ];
  lines.push(`${box.bottom[0]}${box.h.repeat(inner)}${box.bottom[1]}`);
  if (result.error) lines.push('', c.red(`  the run stopped: ${result.error.message}`));
  else if (result.stopped === 'cancelled') lines.push('', c.yellow('  the run was cancelled'));
  else if (result.stopped === 'bail') lines.push('', c.yellow('  the run stopped at the first failure (--bail)'));
  if (result.failures.length > 0) lines.push('', renderFailures(result, c));
  return lines.join('\n');
}

function renderFailures(result: RunResult, c: Colors): string {
  const numberWidth = String(result.failures.length).length + 1;
  const nameWidth = Math.max(14, ...result.failures.map((failure) => failure.error.name.length)) + 2;
  const indent = ' '.repeat(2 + numberWidth + 2 + nameWidth);
  const lines = [c.bold(`  ${'#'.padStart(numberWidth)}  ${'failure'.padEnd(nameWidth)}detail`)];
  result.failures.forEach((failure, index) => {
    const detail = [
      ...(failure.error.test === undefined ? [] : [failure.error.test]),
      ...failure.error.message.split('\n'),
      c.dim(`at ${failure.at}`),
      c.dim(`inside "${failure.source.path}"${failure.cursor.iterationCount > 1 ? `, iteration ${failure.cursor.iteration + 1}` : ''}`),
    ];
    const [first, ...rest] = detail;
    lines.push('', `  ${`${index + 1}.`.padStart(numberWidth)}  ${c.red(failure.error.name.padEnd(nameWidth))}${first ?? ''}`);
    for (const line of rest) lines.push(`${indent}${line}`);
  });
  return lines.join('\n');
}
