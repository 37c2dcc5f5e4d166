import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { PreparedBody } from '../engine/index.js';
import { PosternError } from '../model/index.js';

/**
 * Feeds the body as it will go on the wire to `update`, streaming files from disk. Returns false for
 * a multipart body: its boundary is chosen when the engine sends it, so its bytes cannot be known here.
 */
export async function feedBody(body: PreparedBody, update: (chunk: Buffer) => void): Promise<boolean> {
  switch (body.kind) {
    case 'none':
      return true;
    case 'bytes':
      update(body.bytes);
      return true;
    case 'file':
      try {
        for await (const chunk of createReadStream(body.path)) update(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      } catch (error) {
        throw new PosternError('FILE_UNREADABLE', `cannot read the body file ${body.path} to sign it: ${(error as Error).message}`, { file: body.path }, { cause: error });
      }
      return true;
    case 'multipart':
      return false;
  }
}

/** The digest of the body (`algorithm` as node:crypto names it), or null for a multipart body. */
export async function hashBody(body: PreparedBody, algorithm: string, encoding: 'hex' | 'base64'): Promise<string | null> {
  const hash = createHash(algorithm);
  const known = await feedBody(body, (chunk) => hash.update(chunk));
  return known ? hash.digest(encoding) : null;
}

/** The Content-Type the request will carry: the header the user set, else the body's own type. */
export function effectiveContentType(headers: ReadonlyArray<readonly [string, string]>, body: PreparedBody): string | undefined {
  const header = headers.filter(([name]) => name.toLowerCase() === 'content-type').at(-1)?.[1];
  if (header !== undefined) return header;
  if (body.kind === 'bytes') return body.contentType;
  if (body.kind === 'file') return body.contentType ?? 'application/octet-stream';
  return undefined;
}
