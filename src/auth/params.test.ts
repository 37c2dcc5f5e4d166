import { describe, expect, it } from 'vitest';
import { AuthParams } from './params.js';

describe('AuthParams', () => {
  const params = new AuthParams('oauth1', {
    consumerKey: 'ck',
    timestamp: 1700000000,
    addParamsToHeader: true,
    includeBodyHash: 'true',
    addEmptyParamsToSign: false,
    nested: { a: 1 },
    empty: null,
    signatureMethod: 'hmac-sha256',
  });

  it('reads text, numbers and flags as Postman stores them', () => {
    expect(params.text('consumerKey')).toBe('ck');
    expect(params.text('timestamp')).toBe('1700000000');
    expect(params.text('missing')).toBe('');
    expect(params.text('empty')).toBe('');
    expect(params.text('missing', 'consumerKey')).toBe('ck');
    expect(params.flag('addParamsToHeader')).toBe(true);
    expect(params.flag('includeBodyHash')).toBe(true);
    expect(params.flag('addEmptyParamsToSign')).toBe(false);
    expect(params.flag('missing')).toBe(false);
  });

  it('names the auth type and the field in its errors', () => {
    expect(() => params.text('nested')).toThrow('auth (oauth1): nested must be text, not an object');
    expect(() => params.required('missing')).toThrow('auth (oauth1): missing is empty');
    expect(() => params.choice('consumerKey', ['a', 'b'], 'a')).toThrow('auth (oauth1): consumerKey "ck" is not one of a, b');
  });

  it('matches choices case-insensitively and returns the canonical spelling', () => {
    expect(params.choice('signatureMethod', ['HMAC-SHA1', 'HMAC-SHA256'], 'HMAC-SHA1')).toBe('HMAC-SHA256');
    expect(params.choice('missing', ['HMAC-SHA1', 'HMAC-SHA256'], 'HMAC-SHA1')).toBe('HMAC-SHA1');
  });
});
