import zlib from 'node:zlib';
import type { Transform } from 'node:stream';

export type Encoding = 'gzip' | 'deflate' | 'br';

/**
 * The decoders for a Content-Encoding header, in the order to apply them (the reverse of the order the
 * server applied them). Unknown codings (and `identity`) mean the body is kept as sent.
 */
export function decodingsFor(contentEncoding: string | undefined): Encoding[] | null {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  const out: Encoding[] = [];
  for (const coding of codings.reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') out.push('gzip');
    else if (coding === 'deflate') out.push('deflate');
    else if (coding === 'br') out.push('br');
    else return null;
  }
  return out;
}

/** A streaming decoder. `deflate` accepts zlib-wrapped and raw deflate, as browsers do. */
export function createDecoder(encoding: Encoding, firstByte: number | undefined): Transform {
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip(flush);
    case 'deflate':
      // A zlib stream starts with a CMF byte whose low nibble is 8 (deflate).
      return firstByte !== undefined && (firstByte & 0x0f) === 0x08 ? zlib.createInflate(flush) : zlib.createInflateRaw(flush);
    case 'br':
      return zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  }
}
