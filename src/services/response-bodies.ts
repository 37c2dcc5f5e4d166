import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { BodyPage } from '../api/index.js';
import type { ResponseBody } from '../engine/index.js';
import { PosternError } from '../model/index.js';

interface KeptBody {
  readonly body: ResponseBody;
  readonly size: number;
  /** Secret values as bytes: replaced where they occur before any page leaves main. */
  readonly secrets: readonly Buffer[];
}

/** How many response bodies main keeps for paging; older ones (and their temp files) are dropped. */
export const DEFAULT_KEPT_RESPONSES = 32;

const MASK_BYTE = 0x2a; // '*'
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Response bodies kept in main (memory or the engine's spilled temp file) and read a page at a time,
 * so the renderer never holds a 50 MB body at once. Secrets are replaced byte for byte (same length),
 * so offsets stay true, and each page is read with a margin so a secret across a page edge is caught.
 */
export class ResponseBodies {
  private readonly kept = new Map<string, KeptBody>();
  /** Temp files being deleted after an eviction; close() waits for them. */
  private readonly dropping = new Set<Promise<void>>();

  constructor(private readonly limit: number = DEFAULT_KEPT_RESPONSES) {}

  keep(body: ResponseBody, secrets: readonly string[] = []): string {
    const id = randomUUID();
    const size = body.kind === 'memory' ? body.bytes.length : body.size;
    this.kept.set(id, { body, size, secrets: secrets.filter((s) => s !== '').map((s) => Buffer.from(s, 'utf8')) });
    while (this.kept.size > this.limit) {
      const oldest = this.kept.keys().next().value;
      if (oldest === undefined) break;
      const dropped = this.drop(oldest);
      this.dropping.add(dropped);
      void dropped.finally(() => this.dropping.delete(dropped));
    }
    return id;
  }

  async page(responseId: string, offset: number, length: number): Promise<BodyPage> {
    const kept = this.kept.get(responseId);
    if (!kept) throw new PosternError('STORE_NOT_FOUND', `no response body with id "${responseId}" (it was replaced by newer responses or the app restarted)`, { path: 'responseId' });
    const start = Math.min(offset, kept.size);
    const end = Math.min(kept.size, start + length);
    const margin = kept.secrets.reduce((max, secret) => Math.max(max, secret.length - 1), 0);
    const windowStart = Math.max(0, start - margin);
    const windowEnd = Math.min(kept.size, end + margin);
    const window = await this.read(kept, windowStart, windowEnd);
    for (const secret of kept.secrets) maskInPlace(window, secret);
    const bytes = window.subarray(start - windowStart, end - windowStart);
    return encodePage(bytes, start, kept.size);
  }

  /** Forget every body and delete spilled temp files. */
  async close(): Promise<void> {
    await Promise.all([...this.kept.keys()].map((id) => this.drop(id)));
    await Promise.all([...this.dropping]);
  }

  private async drop(id: string): Promise<void> {
    const kept = this.kept.get(id);
    this.kept.delete(id);
    // A temp file that cannot be removed is left to the OS's temp cleanup; paging must not fail for it.
    if (kept?.body.kind === 'file') await rm(kept.body.path, { force: true }).catch(() => undefined);
  }

  private async read(kept: KeptBody, from: number, to: number): Promise<Buffer> {
    if (kept.body.kind === 'memory') return Buffer.from(kept.body.bytes.subarray(from, to));
    const buffer = Buffer.alloc(to - from);
    const handle = await open(kept.body.path, 'r');
    try {
      let done = 0;
      while (done < buffer.length) {
        const { bytesRead } = await handle.read(buffer, done, buffer.length - done, from + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    } finally {
      await handle.close();
    }
  }
}

function maskInPlace(buffer: Buffer, secret: Buffer): void {
  if (secret.length === 0) return;
  let at = buffer.indexOf(secret);
  while (at !== -1) {
    buffer.fill(MASK_BYTE, at, at + secret.length);
    at = buffer.indexOf(secret, at + secret.length);
  }
}

/**
 * A page as text when its bytes are UTF-8 (a character cut at the page's end is left for the next
 * page), else as base64.
 */
export function encodePage(bytes: Buffer, offset: number, totalSize: number): BodyPage {
  const atEnd = offset + bytes.length >= totalSize;
  const cut = atEnd ? bytes.length : completeUtf8Length(bytes);
  const text = cut > 0 || bytes.length === 0 ? decodeText(bytes.subarray(0, cut)) : undefined;
  if (text !== undefined) {
    return { encoding: 'text', data: text, offset, length: cut, totalSize, truncated: offset + cut < totalSize };
  }
  return { encoding: 'base64', data: bytes.toString('base64'), offset, length: bytes.length, totalSize, truncated: offset + bytes.length < totalSize };
}

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The length without a multi-byte character that runs past the end. */
function completeUtf8Length(bytes: Buffer): number {
  let continuation = 0;
  for (let i = bytes.length - 1; i >= 0 && continuation < 4; i--) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) {
      continuation += 1;
      continue;
    }
    const needed = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return continuation + 1 < needed ? i : bytes.length;
  }
  return bytes.length;
}
