import { PosternCallError } from '../src/api/index.js';

/**
 * One line for a person from anything thrown by an API call (a typed error keeps its code), with where
 * it points when it says: `file:line: json.path: message`, as PosternError.toLine does in main.
 */
export function errorText(error: unknown): string {
  if (error instanceof PosternCallError) {
    const where = error.wire.where;
    const parts: string[] = [];
    if (where?.file !== undefined) parts.push(where.line === undefined ? where.file : `${where.file}:${where.line}`);
    if (where?.path !== undefined && where.path !== '') parts.push(where.path);
    return parts.length > 0 ? `${parts.join(': ')}: ${error.message}` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** errorText for an error about a file the user chose: names the file once, whether or not the error did. */
export function errorInFile(error: unknown, fileName: string): string {
  const text = errorText(error);
  return text.startsWith(fileName) ? text : `${fileName}: ${text}`;
}

/** The wire code of an error from an API call, when it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof PosternCallError ? error.code : undefined;
}
