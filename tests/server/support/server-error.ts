/** The ServerError a call throws (or a promise rejects with); anything else fails the test. */
import { ServerError } from '../../../src/server/errors.js';

export function serverErrorOf(run: () => unknown): ServerError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('expected a ServerError');
}

export async function serverErrorFrom(promise: Promise<unknown>): Promise<ServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('expected a ServerError');
}
