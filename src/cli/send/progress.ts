import type { Writable } from 'node:stream';
import type { DownloadProgress } from '../../engine/index.js';
import { formatSize } from './format.js';

/**
 * A one-line download indicator on a terminal's stderr for long responses: it appears only after
 * `delayMs`, redraws at most every `intervalMs`, and erases itself when done.
 */
export function downloadProgress(stderr: Writable, delayMs = 400, intervalMs = 100): { onProgress: (p: DownloadProgress) => void; done: () => void } {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    onProgress(progress) {
      const now = Date.now();
      if (now - started < delayMs || now - lastDraw < intervalMs) return;
      lastDraw = now;
      drawn = true;
      const total = progress.totalBytes ? ` of ${formatSize(progress.totalBytes)} (${Math.floor((progress.receivedBytes / progress.totalBytes) * 100)}%)` : '';
      const rate = formatSize((progress.receivedBytes / Math.max(1, now - started)) * 1000);
      stderr.write(`\r\x1b[2K  downloading ${formatSize(progress.receivedBytes)}${total} · ${rate}/s`);
    },
    done() {
      if (drawn) stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
