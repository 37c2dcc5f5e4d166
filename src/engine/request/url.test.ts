import { describe, expect, it } from 'vitest';
import { buildUrl } from './url.js';
import type { PosternError } from '../../model/index.js';

const kv = (key: string, value: string, enabled = true) => ({ key, value, enabled });

describe('buildUrl', () => {
  it('adds http:// when the scheme is missing', () => {
    expect(buildUrl('localhost:8080/a', []).href).toBe('http://localhost:8080/a');
  });

  it('appends enabled params in order and skips disabled ones', () => {
    const url = buildUrl('https://x.test/p?a=1', [kv('b', 'two words'), kv('c', 'x', false), kv('d', 'a&b=c#d'), kv('flag', '')]);
    expect(url.search).toBe('?a=1&b=two%20words&d=a%26b%3Dc%23d&flag');
  });

  it('keeps percent-encoded sequences as typed', () => {
    expect(buildUrl('http://x.test', [kv('q', '%2Fpath')]).search).toBe('?q=%2Fpath');
  });

  it('fills path variables', () => {
    expect(buildUrl('http://x.test/users/:id/posts', [], [kv('id', 'a b')]).pathname).toBe('/users/a%20b/posts');
  });

  it('rejects unknown schemes and malformed URLs with the field named', () => {
    const codes = ['ftp://x.test', 'http://', ''].map((raw) => {
      try {
        buildUrl(raw, []);
        return 'ok';
      } catch (error) {
        expect((error as PosternError).where.path).toBe('url');
        return (error as PosternError).code;
      }
    });
    expect(codes).toEqual(['UNSUPPORTED_SCHEME', 'INVALID_URL', 'INVALID_URL']);
  });
});
