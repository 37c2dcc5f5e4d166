import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, serializeError, serverLoggerOptions } from './logger.js';

describe('redactSecrets', () => {
  it('replaces secret fields at any depth, in arrays too, and header names in any case', () => {
    const input = {
      body: { email: 'a@example.com', password: 'hunter2', nested: { deeper: { evenDeeper: { token: 't0k' } } } },
      items: [{ apiKey: 'k1' }, { name: 'plain' }],
      headers: { Authorization: 'Bearer x', 'X-API-Key': 'k2', accept: 'json' },
    };
    expect(redactSecrets(input)).toEqual({
      body: { email: 'a@example.com', password: REDACTED, nested: { deeper: { evenDeeper: { token: REDACTED } } } },
      items: [{ apiKey: REDACTED }, { name: 'plain' }],
      headers: { Authorization: REDACTED, 'X-API-Key': REDACTED, accept: 'json' },
    });
  });

  it('leaves the input as it was and returns it unchanged when there is nothing to hide', () => {
    const input = { body: { password: 'hunter2' }, other: { a: 1 } };
    const output = redactSecrets(input) as typeof input;
    expect(input.body.password).toBe('hunter2');
    expect(output.other).toBe(input.other);
    const clean = { reqId: 'req-1', res: { statusCode: 200 } };
    expect(redactSecrets(clean)).toBe(clean);
    expect(redactSecrets('password')).toBe('password');
  });

  it('redacts what the error serializer writes: the error’s own fields and its cause', () => {
    expect(serverLoggerOptions('info').serializers?.err).toBe(serializeError);
    const error = Object.assign(new Error('sign-in failed', { cause: Object.assign(new Error('inner'), { token: 't' }) }), { password: 'p', status: 401 });
    const written = serializeError(error);
    expect(written).toMatchObject({ type: 'Error', message: 'sign-in failed', password: REDACTED, status: 401, cause: { message: 'inner', token: REDACTED } });
    expect(JSON.stringify(written)).not.toMatch(/"p"|"t"/);
  });
});
