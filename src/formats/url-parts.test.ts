import { describe, expect, it } from 'vitest';
import { buildQueryString, joinUrl, joinUrlParts, parseQueryString, splitUrl, urlParts } from './url-parts.js';

describe('splitUrl', () => {
  it('splits off the query and fragment and keeps text as typed', () => {
    expect(splitUrl('{{baseUrl}}/a?x=1&y=%20&flag#frag')).toEqual({
      base: '{{baseUrl}}/a',
      query: [
        { key: 'x', value: '1', enabled: true },
        { key: 'y', value: '%20', enabled: true },
        { key: 'flag', value: '', enabled: true },
      ],
      hash: 'frag',
    });
    expect(splitUrl('https://e.example/#/route?x=1')).toEqual({ base: 'https://e.example/', query: [], hash: '/route?x=1' });
    expect(parseQueryString('a=b=c&&d')).toEqual([
      { key: 'a', value: 'b=c', enabled: true },
      { key: 'd', value: '', enabled: true },
    ]);
  });

  it('joins enabled rows back; a row without a value is a bare key', () => {
    const query = [
      { key: 'a', value: '1', enabled: true },
      { key: 'off', value: '2', enabled: false },
      { key: 'flag', value: '', enabled: true },
    ];
    expect(buildQueryString(query)).toBe('a=1&flag');
    expect(joinUrl('https://e.example/x', query)).toBe('https://e.example/x?a=1&flag');
    expect(joinUrl('https://e.example/x', [])).toBe('https://e.example/x');
  });
});

describe('urlParts', () => {
  it.each([
    ['https://api.example.com:8443/v1/users', { protocol: 'https', host: ['api', 'example', 'com'], port: '8443', path: ['v1', 'users'] }],
    ['{{baseUrl}}/pets/:id', { protocol: undefined, host: ['{{baseUrl}}'], port: undefined, path: ['pets', ':id'] }],
    ['http://localhost:{{port}}/', { protocol: 'http', host: ['localhost'], port: '{{port}}', path: [''] }],
    ['https://[::1]:9000/x', { protocol: 'https', host: ['[::1]'], port: '9000', path: ['x'] }],
    ['https://user:pw@host.example/a', { protocol: 'https', host: ['user:pw@host', 'example'], port: undefined, path: ['a'] }],
    ['example.com', { protocol: undefined, host: ['example', 'com'], port: undefined, path: [] }],
  ])('%s', (url, parts) => {
    expect(urlParts(url)).toEqual(parts);
    expect(joinUrlParts(urlParts(url))).toBe(url);
  });
});
