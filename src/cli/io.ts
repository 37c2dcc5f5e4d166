import type { Writable } from 'node:stream';

/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdoutIsTTY: boolean;
  /** A terminal on stderr gets a progress line for long downloads. */
  readonly stderrIsTTY?: boolean;
}
