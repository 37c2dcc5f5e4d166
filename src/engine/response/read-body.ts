import { readFile } from 'node:fs/promises';
import type { ResponseBody } from '../types.js';

/** The body as bytes, reading a spilled file back (callers decide when that is wise). */
export async function responseBytes(body: ResponseBody): Promise<Buffer> {
  return body.kind === 'memory' ? body.bytes : readFile(body.path);
}

/** The body as UTF-8 text. */
export async function responseText(body: ResponseBody): Promise<string> {
  return (await responseBytes(body)).toString('utf8');
}
