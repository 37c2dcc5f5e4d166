import { describe, expect, it } from 'vitest';
import { RequestSchema } from '../model/index.js';
import { fromScriptRequest, requestFromScript, toScriptRequest } from './script-request.js';

const original = RequestSchema.parse({
  method: 'POST',
  url: '{{base}}/users',
  query: [{ key: 'a', value: '1' }, { key: 'off', value: 'x', enabled: false }],
  headers: [{ key: 'X-One', value: '1', description: 'kept' }, { key: 'X-Off', value: '0', enabled: false }],
  body: { mode: 'raw', raw: '{}', language: 'json' },
});

describe('script request', () => {
  it('shows scripts the URL with its enabled query and headers with their disabled flag', () => {
    const shown = toScriptRequest(original, { id: 'r1', name: 'Create' }, { type: 'bearer', params: { token: 't' } });
    expect(shown).toEqual({
      id: 'r1',
      name: 'Create',
      method: 'POST',
      url: '{{base}}/users?a=1',
      headers: [{ key: 'X-One', value: '1' }, { key: 'X-Off', value: '0', disabled: true }],
      body: { mode: 'raw', raw: '{}', language: 'json' },
      auth: { type: 'bearer', params: { token: 't' } },
    });
  });

  it('takes back only what a script changed, so untouched rows keep everything', () => {
    const before = toScriptRequest(original, { id: 'r1', name: 'Create' }, undefined);
    expect(fromScriptRequest(original, before, structuredClone(before))).toEqual(original);
    const after = { ...structuredClone(before), url: '{{base}}/people?b=2&c', method: 'PUT' };
    const changed = fromScriptRequest(original, before, after);
    expect(changed).toMatchObject({ method: 'PUT', url: '{{base}}/people', query: [{ key: 'b', value: '2', enabled: true }, { key: 'c', value: '', enabled: true }] });
    expect(changed.headers).toBe(original.headers);
  });

  it('ignores a change whose shape is not a request part', () => {
    const before = toScriptRequest(original, { id: 'r1', name: 'Create' }, undefined);
    const after = { ...structuredClone(before), body: { mode: 'telepathy' }, method: 'BAD METHOD' } as unknown as typeof before;
    const kept = fromScriptRequest(original, before, after);
    expect(kept.body).toEqual(original.body);
    expect(kept.method).toBe('POST');
  });

  it('reads pm.sendRequest input: a URL or a request object', () => {
    expect(requestFromScript('http://x.test/a')).toMatchObject({ method: 'GET', url: 'http://x.test/a', body: { mode: 'none' } });
    expect(requestFromScript({ method: 'DELETE', url: 'http://x.test/b', headers: [{ key: 'A', value: 'b' }], body: { mode: 'raw', raw: 'x' } })).toMatchObject({
      method: 'DELETE',
      headers: [{ key: 'A', value: 'b', enabled: true }],
      body: { mode: 'raw', raw: 'x' },
    });
  });
});
