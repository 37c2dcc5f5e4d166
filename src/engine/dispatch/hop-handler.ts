import { performance } from 'node:perf_hooks';
import type { Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import { PosternError } from '../../model/index.js';
import { createDecoder, decodingsFor } from '../response/decoder.js';
import { BodySink } from '../response/sink.js';
import { expectSendHeaders, type HopTrace } from '../timing/trace.js';
import type { ResponseBody } from '../types.js';

export interface HopOutcome {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Array<readonly [string, string]>;
  readonly headerBytes: number;
  readonly wireBytes: number;
  readonly body: ResponseBody;
  readonly trace: HopTrace;
  readonly firstByteAt: number;
  readonly endAt: number;
}

export interface HopLimits {
  /** 0 for none; checked on the bytes received and on the decoded body. */
  readonly maxResponseBytes: number;
  readonly spillBytes?: number | undefined;
  /** Whether the response can have a body (not for HEAD). */
  readonly expectBody: boolean;
  readonly onProgress?: ((receivedBytes: number, totalBytes: number | null) => void) | undefined;
}

/**
 * Receives one response from undici: raw headers in order, the body decoded (gzip, deflate, br) as it
 * streams into a sink that spills to disk when large, with backpressure all the way to the socket.
 */
export class HopHandler implements Dispatcher.DispatchHandler {
  readonly trace: HopTrace = { socket: null, sentAt: 0 };
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;
  private statusText = '';
  private headers: Array<readonly [string, string]> = [];
  private headerBytes = 0;
  private wireBytes = 0;
  private firstByteAt = 0;
  private readonly sink: BodySink;
  private decoderHead: Transform | null = null;
  private decoderTail: Transform | null = null;
  private decoderDone: Promise<void> | null = null;
  private settled = false;
  private abortReason: Error | null = null;

  constructor(
    private readonly limits: HopLimits,
    private readonly resolve: (outcome: HopOutcome) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.sink = new BodySink(limits.spillBytes);
  }

  /** Cancel (timeout or the caller's signal). Safe before the request has started. */
  abort(reason: Error): void {
    this.abortReason = reason;
    if (this.controller) this.controller.abort(reason);
    this.fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) {
      controller.abort(this.abortReason);
      return;
    }
    expectSendHeaders(this.trace);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, _headers: unknown, statusMessage?: string): void {
    this.firstByteAt = performance.now();
    this.status = statusCode;
    this.statusText = statusMessage ?? '';
    const raw = (controller.rawHeaders ?? []) as Buffer[];
    const headers: Array<readonly [string, string]> = [];
    let bytes = 0;
    let contentEncoding: string | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as Buffer).toString('latin1');
      const value = (raw[i + 1] as Buffer).toString('latin1');
      bytes += name.length + value.length + 4;
      headers.push([name, value]);
      if (name.length === 16 && name.toLowerCase() === 'content-encoding') contentEncoding = contentEncoding ? `${contentEncoding}, ${value}` : value;
      else if (name.length === 14 && name.toLowerCase() === 'content-length') this.contentLength = Number(value);
    }
    this.headers = headers;
    this.headerBytes = bytes;
    const decodings = this.limits.expectBody && statusCode !== 204 && statusCode !== 304 ? decodingsFor(contentEncoding) : [];
    if (decodings && decodings.length > 0) this.pendingDecodings = decodings;
  }

  private pendingDecodings: ReturnType<typeof decodingsFor> = null;
  private contentLength: number | null = null;

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.wireBytes += chunk.length;
    if (this.overLimit(this.wireBytes)) return;
    this.limits.onProgress?.(this.wireBytes, Number.isFinite(this.contentLength) ? this.contentLength : null);
    if (this.pendingDecodings && !this.decoderHead) this.startDecoding(this.pendingDecodings, chunk[0]);
    if (this.decoderHead) {
      if (!this.decoderHead.write(chunk)) {
        controller.pause();
        this.decoderHead.once('drain', () => controller.resume());
      }
      return;
    }
    if (!this.sink.write(chunk, () => controller.resume())) controller.pause();
  }

  onResponseEnd(): void {
    if (this.settled) return;
    const finish = async (): Promise<void> => {
      if (this.decoderHead && this.decoderDone) {
        this.decoderHead.end();
        await this.decoderDone;
      }
      if (this.settled) return;
      const body = await this.sink.finish();
      this.settled = true;
      this.resolve({
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
        headerBytes: this.headerBytes,
        wireBytes: this.wireBytes,
        body,
        trace: this.trace,
        firstByteAt: this.firstByteAt,
        endAt: performance.now(),
      });
    };
    finish().catch((error: unknown) => this.fail(error));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(this.abortReason ?? error);
  }

  private startDecoding(decodings: NonNullable<ReturnType<typeof decodingsFor>>, firstByte: number | undefined): void {
    const streams = decodings.map((encoding, index) => createDecoder(encoding, index === 0 ? firstByte : undefined));
    for (let i = 0; i + 1 < streams.length; i++) (streams[i] as Transform).pipe(streams[i + 1] as Transform);
    const head = streams[0] as Transform;
    const tail = streams[streams.length - 1] as Transform;
    this.decoderHead = head;
    this.decoderTail = tail;
    this.decoderDone = new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        const failure = new PosternError('DECOMPRESSION', `the response body could not be decoded (${decodings.join(', ')}): ${error.message}`);
        this.controller?.abort(failure);
        reject(failure);
      };
      for (const s of streams) s.on('error', onError);
      tail.on('data', (decoded: Buffer) => {
        if (this.overLimit(this.sink.size + decoded.length)) return;
        if (!this.sink.write(decoded, () => tail.resume())) tail.pause();
      });
      tail.on('end', resolve);
    });
    this.decoderDone.catch((error: unknown) => this.fail(error));
  }

  private overLimit(bytes: number): boolean {
    const max = this.limits.maxResponseBytes;
    if (max <= 0 || bytes <= max) return false;
    const error = new PosternError('RESPONSE_TOO_LARGE', `the response is larger than the maximum response size (${formatBytes(max)}); raise it in Settings`);
    this.controller?.abort(error);
    this.fail(error);
    return true;
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.sink.discard();
    this.decoderHead?.destroy();
    this.decoderTail?.destroy();
    this.reject(error);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
