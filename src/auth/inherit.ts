import type { Auth } from '../model/index.js';

/**
 * Postman's auth inheritance. `levels` runs outermost first: collection, folders, request. The innermost
 * level that sets an auth decides; `undefined` means "inherit from the level above", and `noauth`
 * stops inheritance, so nothing is applied. Returns the auth to apply, or undefined.
 */
export function effectiveAuth(levels: ReadonlyArray<Auth | undefined>): Auth | undefined {
  for (let index = levels.length - 1; index >= 0; index--) {
    const auth = levels[index];
    if (auth === undefined) continue;
    return auth.type === 'noauth' ? undefined : auth;
  }
  return undefined;
}
