import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { PreparedBody } from '../types.js';
import { encodeMultipart, fileSize } from './multipart.js';

export interface OpenedBody {
  readonly body: Buffer | Readable | AsyncIterable<Buffer> | null;
  readonly length: number | null;
  readonly contentType: string | undefined;
}

/** Opens a body for sending. Called once per hop, so a redirect that keeps the body can send it again. */
export function openBody(prepared: PreparedBody): OpenedBody {
  switch (prepared.kind) {
    case 'none':
      return { body: null, length: null, contentType: undefined };
    case 'bytes':
      return { body: prepared.bytes, length: prepared.bytes.length, contentType: prepared.contentType };
    case 'file': {
      const length = fileSize(prepared.path, 'body file');
      return { body: createReadStream(prepared.path), length, contentType: prepared.contentType ?? 'application/octet-stream' };
    }
    case 'multipart': {
      const encoded = encodeMultipart(prepared.parts);
      return { body: encoded.body(), length: encoded.length, contentType: encoded.contentType };
    }
  }
}
