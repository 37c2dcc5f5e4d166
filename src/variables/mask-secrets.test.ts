import { describe, expect, it } from 'vitest';
import { SECRET_MASK, VariableResolver, createSecretMasker, maskSecrets, resolveString } from './index.js';

describe('maskSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(maskSecrets('token=abc123&again=abc123, pin 9876', ['abc123', '9876'])).toBe(
      `token=${SECRET_MASK}&again=${SECRET_MASK}, pin ${SECRET_MASK}`,
    );
    expect(SECRET_MASK).toBe('••••••');
  });

  it('masks the longer of two overlapping secrets whole', () => {
    expect(maskSecrets('key: secret-extended', ['secret', 'secret-extended'])).toBe(`key: ${SECRET_MASK}`);
    expect(maskSecrets('key: secret-other', ['secret', 'secret-extended'])).toBe(`key: ${SECRET_MASK}-other`);
  });

  it('treats regular expression characters in secrets literally', () => {
    expect(maskSecrets('a.b a+b (x)|[y] $1', ['a+b', '(x)|[y]', '$1'])).toBe(`a.b ${SECRET_MASK} ${SECRET_MASK} ${SECRET_MASK}`);
  });

  it('ignores empty secrets and leaves text alone when there are none', () => {
    expect(maskSecrets('nothing secret', [])).toBe('nothing secret');
    expect(maskSecrets('nothing secret', [''])).toBe('nothing secret');
  });

  it('builds a reusable masker', () => {
    const mask = createSecretMasker(new Set(['s3cr3t']));
    expect(mask('one s3cr3t')).toBe(`one ${SECRET_MASK}`);
    expect(mask('two s3cr3ts3cr3t')).toBe(`two ${SECRET_MASK}${SECRET_MASK}`);
  });

  it('hides secrets used through other variables in a resolved request text', () => {
    const resolver = new VariableResolver({
      environment: [
        { key: 'token', initialValue: 'tok-1', currentValue: 'tok-live-9', type: 'secret', enabled: true },
        { key: 'auth', initialValue: 'Bearer {{token}}', type: 'default', enabled: true },
      ],
    });
    const header = resolveString('Authorization: {{auth}}', resolver).value;
    expect(header).toBe('Authorization: Bearer tok-live-9');
    expect(maskSecrets(header, resolver.secretValues())).toBe(`Authorization: Bearer ${SECRET_MASK}`);
  });
});
