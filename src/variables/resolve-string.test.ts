import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DEPTH, Resolution, VariableResolver, resolveString } from './index.js';

function resolverOf(local: Record<string, string>, maxDepth?: number): VariableResolver {
  return new VariableResolver({ local }, maxDepth === undefined ? {} : { maxDepth });
}

describe('resolveString substitution', () => {
  it('returns text without references unchanged', () => {
    const resolver = resolverOf({ a: '1' });
    expect(resolveString('plain {text} with } braces {', resolver)).toEqual({
      value: 'plain {text} with } braces {',
      unresolved: [],
      circular: [],
    });
  });

  it('replaces every occurrence, including adjacent ones', () => {
    const resolver = resolverOf({ host: 'example.com', port: '8443' });
    expect(resolveString('https://{{host}}:{{port}}/{{host}}{{port}}', resolver).value).toBe(
      'https://example.com:8443/example.com8443',
    );
  });

  it('accepts names with spaces, dots, dashes and other punctuation, matched exactly', () => {
    const resolver = resolverOf({ 'my var': 'a', 'api.v2-key': 'b', ' padded ': 'c', 'ü:/?': 'd' });
    expect(resolveString('{{my var}}{{api.v2-key}}{{ padded }}{{ü:/?}}', resolver).value).toBe('abcd');
    expect(resolveString('{{ my var }}', resolver).unresolved).toEqual([' my var ']);
  });

  it('treats a third brace as text around the reference', () => {
    const resolver = resolverOf({ x: 'v' });
    expect(resolveString('{{{x}}}', resolver).value).toBe('{v}');
    expect(resolveString('{"a":{{x}}}', resolver).value).toBe('{"a":v}');
  });

  it('leaves malformed references as text without reporting them', () => {
    const resolver = resolverOf({ x: 'v' });
    for (const text of ['{{x', '{{x}', '{{a}b}}', '{{a{b}}', '{{}}', 'x}}']) {
      expect(resolveString(text, resolver)).toEqual({ value: text, unresolved: [], circular: [] });
    }
    expect(resolveString('{{x}b}} {{x}}', resolver).value).toBe('{{x}b}} v');
  });

  it('inserts values holding $ patterns literally', () => {
    const resolver = resolverOf({ price: "$& $1 $$ $'" });
    expect(resolveString('cost: {{price}}', resolver).value).toBe("cost: $& $1 $$ $'");
  });
});

describe('resolveString unresolved references', () => {
  it('keeps an unresolved reference as written and lists each name once, in order', () => {
    const resolver = resolverOf({ known: 'k' });
    expect(resolveString('{{b}}/{{known}}/{{a}}/{{b}}', resolver)).toEqual({
      value: '{{b}}/k/{{a}}/{{b}}',
      unresolved: ['b', 'a'],
      circular: [],
    });
  });

  it('reports a missing name inside a variable value every time that value is used', () => {
    const resolver = resolverOf({ url: 'https://{{host}}/x' });
    const first = resolveString('{{url}}', resolver);
    const second = resolveString('{{url}}', resolver);
    expect(first).toEqual({ value: 'https://{{host}}/x', unresolved: ['host'], circular: [] });
    expect(second).toEqual(first);
  });

  it('gathers names across texts in one Resolution', () => {
    const resolution = new Resolution(resolverOf({ a: '{{missing}}' }));
    expect(resolution.text('{{a}}')).toBe('{{missing}}');
    expect(resolution.text('{{other}} {{missing}}')).toBe('{{other}} {{missing}}');
    expect(resolution.unresolved).toEqual(['missing', 'other']);
  });
});

describe('resolveString nesting', () => {
  it('resolves references inside values', () => {
    const resolver = resolverOf({ url: '{{scheme}}://{{host}}', scheme: 'https', host: '{{sub}}.example.com', sub: 'api' });
    expect(resolveString('{{url}}/v1', resolver)).toEqual({ value: 'https://api.example.com/v1', unresolved: [], circular: [] });
  });

  it('builds a name from inner references first', () => {
    const resolver = resolverOf({ env: 'dev', base_dev: 'https://dev.example', suffix: '{{env}}' });
    expect(resolveString('{{base_{{env}}}}/x', resolver).value).toBe('https://dev.example/x');
    expect(resolveString('{{base_{{suffix}}}}', resolver).value).toBe('https://dev.example');
    expect(resolveString('{{{{env}}}}', resolverOf({ env: 'name', name: 'found' })).value).toBe('found');
  });

  it('keeps a built name as written when its inner or outer part is undefined', () => {
    const resolver = resolverOf({ env: 'prod' });
    expect(resolveString('{{base_{{env}}}}', resolver)).toEqual({
      value: '{{base_{{env}}}}',
      unresolved: ['base_prod'],
      circular: [],
    });
    expect(resolveString('{{base_{{nope}}}}', resolver)).toEqual({
      value: '{{base_{{nope}}}}',
      unresolved: ['nope'],
      circular: [],
    });
  });

  it('stops a two-variable cycle and reports it', () => {
    const resolver = resolverOf({ a: 'A{{b}}', b: 'B{{a}}' });
    const result = resolveString('x{{a}}y', resolver);
    expect(result).toEqual({ value: 'xAB{{a}}y', unresolved: ['a'], circular: ['a'] });
    expect(resolveString('{{b}}', resolver)).toEqual({ value: 'BA{{b}}', unresolved: ['b'], circular: ['b'] });
  });

  it('stops a variable that refers to itself, even when it doubles at each level', () => {
    const resolver = resolverOf({ self: '{{self}}{{self}}' });
    expect(resolveString('{{self}}', resolver)).toEqual({ value: '{{self}}{{self}}', unresolved: ['self'], circular: ['self'] });
  });

  it('resolves a chain exactly as deep as the limit and cuts one level deeper', () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i < DEFAULT_MAX_DEPTH; i++) chain[`v${i}`] = `{{v${i + 1}}}`;
    chain[`v${DEFAULT_MAX_DEPTH}`] = 'end';
    const resolver = resolverOf(chain);
    expect(resolveString('{{v0}}', resolver)).toEqual({ value: 'end', unresolved: [], circular: [] });

    chain[`v${DEFAULT_MAX_DEPTH}`] = `{{v${DEFAULT_MAX_DEPTH + 1}}}`;
    chain[`v${DEFAULT_MAX_DEPTH + 1}`] = 'end';
    const tooDeep = resolveString('{{v0}}', resolverOf(chain));
    const cut = `v${DEFAULT_MAX_DEPTH}`;
    expect(tooDeep).toEqual({ value: `{{${cut}}}`, unresolved: [cut], circular: [cut] });
  });

  it('honours a custom depth limit, whatever order values were resolved in before', () => {
    const resolver = resolverOf({ a: '{{b}}', b: '{{c}}', c: '{{d}}', d: 'end' }, 2);
    expect(resolveString('{{b}}', resolver).value).toBe('end');
    expect(resolveString('{{a}}', resolver)).toEqual({ value: '{{c}}', unresolved: ['c'], circular: ['c'] });
    expect(resolveString('{{b}}', resolver).value).toBe('end');
  });

  it('expands a value referenced twice at every level to the full tree', () => {
    const values: Record<string, string> = { v9: 'x' };
    for (let i = 0; i < 9; i++) values[`v${i}`] = `{{v${i + 1}}}{{v${i + 1}}}`;
    const result = resolveString('{{v0}}', resolverOf(values));
    expect(result.value).toBe('x'.repeat(512));
    expect(result.unresolved).toEqual([]);
  });
});
