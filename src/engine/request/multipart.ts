import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { PosternError } from '../../model/index.js';
import type { MultipartPart } from '../types.js';
import { contentTypeForFile } from './mime.js';

export interface EncodedMultipart {
  readonly contentType: string;
  readonly length: number;
  readonly body: () => AsyncGenerator<Buffer>;
}

/**
 * A multipart/form-data body whose file parts stream from disk as it is sent; nothing is read into
 * memory up front. The length is known in advance (from the files' sizes), so no chunked upload.
 */
export function encodeMultipart(parts: readonly MultipartPart[]): EncodedMultipart {
  const boundary = `----PosternFormBoundary${randomBytes(12).toString('hex')}`;
  const pieces: Array<Buffer | { path: string; size: number }> = [];
  for (const part of parts) {
    if (part.kind === 'field') {
      const type = part.contentType ? `Content-Type: ${part.contentType}\r\n` : '';
      pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(part.name)}"\r\n${type}\r\n`));
      pieces.push(Buffer.from(part.value, 'utf8'));
      pieces.push(Buffer.from('\r\n'));
    } else {
      const size = fileSize(part.path, `form field "${part.name}"`);
      const type = part.contentType ?? contentTypeForFile(part.path);
      pieces.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(part.name)}"; filename="${escapeQuoted(basename(part.path))}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
      );
      pieces.push({ path: part.path, size });
      pieces.push(Buffer.from('\r\n'));
    }
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  const length = pieces.reduce((sum, piece) => sum + (Buffer.isBuffer(piece) ? piece.length : piece.size), 0);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    async *body() {
      for (const piece of pieces) {
        if (Buffer.isBuffer(piece)) yield piece;
        else for await (const chunk of createReadStream(piece.path)) yield chunk as Buffer;
      }
    },
  };
}

export function fileSize(path: string, what: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new PosternError('FILE_UNREADABLE', `${what}: not a regular file`, { file: path });
    return stat.size;
  } catch (error) {
    if (error instanceof PosternError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new PosternError('FILE_UNREADABLE', `${what}: ${code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : 'cannot be read'}`, { file: path });
  }
}

/** Quotes in a Content-Disposition parameter, as browsers encode them. */
function escapeQuoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
