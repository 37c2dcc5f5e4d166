import type { Writable } from 'node:stream';
import type { RunEvent } from '../../runner/index.js';

/**
 * A live one-line status on a terminal (stderr): requests done of the planned number, the iteration,
 * failures so far and the request in flight. Redrawn at most every `intervalMs`; `clear()` takes it
 * off the screen before other output and at the end.
 */
export class ProgressLine {
  private drawn = false;
  private lastDraw = 0;
  private done = 0;
  private planned = 0;
  private failed = 0;
  private iteration = '';
  private current = '';

  constructor(
    private readonly out: Writable,
    private readonly columns: () => number = () => 80,
    private readonly intervalMs = 80,
  ) {}

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'start':
        this.planned = event.iterationCount * event.requestCount;
        break;
      case 'beforeIteration':
        this.iteration = event.iterationCount > 1 ? ` · iteration ${event.iteration + 1}/${event.iterationCount}` : '';
        break;
      case 'beforeItem':
        this.current = event.item.path;
        break;
      case 'request':
        if (event.error) this.failed += 1;
        break;
      case 'assertion':
        if (event.result.error) this.failed += 1;
        break;
      case 'script':
        if (event.error) this.failed += 1;
        break;
      case 'item':
        this.done += 1;
        this.current = '';
        // The count moving is worth a redraw even inside the interval.
        this.draw(true);
        return;
      case 'done':
        this.clear();
        return;
      default:
        return;
    }
    this.draw(false);
  }

  /** Removes the line; the next event draws it again. */
  clear(): void {
    if (!this.drawn) return;
    this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  /** Draws again right away (after other output cleared it). */
  redraw(): void {
    this.draw(true);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && this.drawn && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const failures = this.failed > 0 ? ` · ${this.failed} failed` : '';
    const text = `  ${this.done}/${Math.max(this.planned, this.done)} requests${this.iteration}${failures}${this.current ? ` · ${this.current}` : ''}`;
    const width = Math.max(20, this.columns() - 1);
    this.out.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    this.drawn = true;
  }
}
