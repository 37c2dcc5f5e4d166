import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResponseBody } from '../types.js';

/** Bodies up to this size stay in memory; larger ones go to a temp file. */
export const DEFAULT_SPILL_BYTES = 8 * 1024 * 1024;

let spillDir: string | undefined;

/**
 * Collects a decoded body: in memory while small, then in a temp file, so a 200 MB download keeps the
 * process's memory flat. `write` returns false when the caller should wait for `drain`.
 */
export class BodySink {
  private chunks: Buffer[] = [];
  private memoryBytes = 0;
  private file: WriteStream | null = null;
  private filePath: string | null = null;
  private total = 0;

  constructor(private readonly spillBytes: number = DEFAULT_SPILL_BYTES) {}

  get size(): number {
    return this.total;
  }

  write(chunk: Buffer, onDrain: () => void): boolean {
    this.total += chunk.length;
    if (!this.file && this.memoryBytes + chunk.length <= this.spillBytes) {
      this.chunks.push(chunk);
      this.memoryBytes += chunk.length;
      return true;
    }
    if (!this.file) this.spill();
    const file = this.file as WriteStream;
    const ok = file.write(chunk);
    if (!ok) file.once('drain', onDrain);
    return ok;
  }

  async finish(): Promise<ResponseBody> {
    if (!this.file) return { kind: 'memory', bytes: this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.memoryBytes) };
    const file = this.file;
    await new Promise<void>((resolve, reject) => {
      file.once('error', reject);
      file.end(resolve);
    });
    return { kind: 'file', path: this.filePath as string, size: this.total };
  }

  /** Drop what was collected (on error). */
  discard(): void {
    this.chunks = [];
    this.file?.destroy();
  }

  private spill(): void {
    if (!spillDir) {
      const dir = mkdtempSync(join(tmpdir(), 'postern-bodies-'));
      spillDir = dir;
      // Spilled bodies live as long as the process; nothing is left behind in the temp dir.
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    this.filePath = join(spillDir as string, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.body`);
    this.file = createWriteStream(this.filePath, { mode: 0o600 });
    for (const chunk of this.chunks) this.file.write(chunk);
    this.chunks = [];
    this.memoryBytes = 0;
  }
}
