import { describe, expect, it } from 'vitest';
import type { Auth } from '../model/index.js';
import { effectiveAuth } from './inherit.js';

const basic: Auth = { type: 'basic', params: { username: 'collection' } };
const bearer: Auth = { type: 'bearer', params: { token: 'folder' } };
const apikey: Auth = { type: 'apikey', params: { key: 'X-Key', value: 'request' } };
const none: Auth = { type: 'noauth', params: {} };

describe('effectiveAuth (Postman inheritance)', () => {
  it('is undefined when no level sets auth', () => {
    expect(effectiveAuth([])).toBeUndefined();
    expect(effectiveAuth([undefined, undefined, undefined])).toBeUndefined();
  });

  it('inherits the collection auth through folders and the request that do not set one', () => {
    expect(effectiveAuth([basic, undefined, undefined, undefined])).toBe(basic);
  });

  it('takes the innermost level that sets auth', () => {
    expect(effectiveAuth([basic, bearer, undefined])).toBe(bearer);
    expect(effectiveAuth([basic, bearer, apikey])).toBe(apikey);
    expect(effectiveAuth([undefined, bearer, undefined, undefined])).toBe(bearer);
  });

  it('stops at noauth: a request or folder with "No Auth" sends none even when a parent has auth', () => {
    expect(effectiveAuth([basic, none])).toBeUndefined();
    expect(effectiveAuth([basic, none, undefined])).toBeUndefined();
    expect(effectiveAuth([basic, bearer, none])).toBeUndefined();
  });

  it('lets an inner level set auth again below a noauth folder', () => {
    expect(effectiveAuth([basic, none, apikey])).toBe(apikey);
  });
});
