import { PosternCallError } from '../src/api/index.js';

/** One line for a person from anything thrown by an API call (a typed error keeps its code). */
export function errorText(error: unknown): string {
  if (error instanceof PosternCallError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The wire code of an error from an API call, when it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof PosternCallError ? error.code : undefined;
}
