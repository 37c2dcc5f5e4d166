import { createWriteStream, type WriteStream } from 'node:fs';

const streams = new Map<string, WriteStream>();

/**
 * Appends TLS secrets in NSS key log format (what SSLKEYLOGFILE holds; Wireshark reads it). One append
 * stream per file, shared by every connection, so lines never interleave mid-line.
 */
export function keyLogWriter(file: string): (line: Buffer) => void {
  let stream = streams.get(file);
  if (!stream) {
    stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
    stream.on('error', () => streams.delete(file));
    streams.set(file, stream);
  }
  const target = stream;
  return (line) => {
    target.write(line);
  };
}

/** Flush and close every key log file (tests and shutdown). */
export async function closeKeyLogs(): Promise<void> {
  const all = [...streams.values()];
  streams.clear();
  await Promise.all(all.map((s) => new Promise<void>((resolve) => s.end(resolve))));
}
