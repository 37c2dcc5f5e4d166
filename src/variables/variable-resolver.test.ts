import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { VariableSchema, isPosternError, type Variable } from '../model/index.js';
import { SCOPE_PRECEDENCE, VariableResolver, createResolver, resolveString, type VariableScopes } from './index.js';

function variable(input: z.input<typeof VariableSchema>): Variable {
  return VariableSchema.parse(input);
}

/** Every scope defines `name`, each with the scope's own name as the value. */
function allScopes(): VariableScopes {
  return {
    local: { name: 'local' },
    data: { name: 'data' },
    environment: [variable({ key: 'name', initialValue: 'environment' })],
    collection: [variable({ key: 'name', initialValue: 'collection' })],
    globals: [variable({ key: 'name', initialValue: 'globals' })],
  };
}

describe('VariableResolver precedence', () => {
  it('orders scopes local > data > environment > collection > globals', () => {
    expect(SCOPE_PRECEDENCE).toEqual(['local', 'data', 'environment', 'collection', 'globals']);
  });

  it('lets each scope win over every less specific one', () => {
    const scopes: { -readonly [K in keyof VariableScopes]: VariableScopes[K] } = allScopes();
    for (const scope of SCOPE_PRECEDENCE) {
      const resolver = new VariableResolver(scopes);
      expect(resolver.get('name')).toEqual({ value: scope, scope, secret: false });
      expect(resolveString('{{name}}', resolver).value).toBe(scope);
      delete scopes[scope];
    }
    expect(new VariableResolver(scopes).get('name')).toBeUndefined();
  });

  it('falls through to a less specific scope for names the specific one lacks', () => {
    const resolver = new VariableResolver({
      local: { a: 'la' },
      environment: [variable({ key: 'b', initialValue: 'eb' })],
      globals: [variable({ key: 'a', initialValue: 'ga' }), variable({ key: 'c', initialValue: 'gc' })],
    });
    expect(resolveString('{{a}}-{{b}}-{{c}}', resolver).value).toBe('la-eb-gc');
  });

  it('accepts a Map for local variables and writes non-string plain values as JSON', () => {
    const resolver = new VariableResolver({
      local: new Map<string, unknown>([['n', 3]]),
      data: { flag: true, obj: { a: 1 }, nothing: null, absent: undefined },
      globals: [variable({ key: 'absent', initialValue: 'from globals' })],
    });
    expect(resolveString('{{n}} {{flag}} {{obj}} {{nothing}} {{absent}}', resolver).value).toBe(
      '3 true {"a":1} null from globals',
    );
  });
});

describe('VariableResolver values', () => {
  it('ignores disabled variables, falling back to the next scope', () => {
    const resolver = new VariableResolver({
      environment: [variable({ key: 'host', initialValue: 'env.example', enabled: false })],
      collection: [variable({ key: 'host', initialValue: 'col.example' })],
      globals: [variable({ key: 'only', initialValue: 'x', enabled: false })],
    });
    expect(resolver.get('host')?.value).toBe('col.example');
    expect(resolver.has('only')).toBe(false);
    expect(resolveString('{{only}}', resolver)).toEqual({ value: '{{only}}', unresolved: ['only'], circular: [] });
  });

  it('uses the current value when set, else the initial value', () => {
    const resolver = new VariableResolver({
      environment: [
        variable({ key: 'a', initialValue: 'initial', currentValue: 'current' }),
        variable({ key: 'b', initialValue: 'initial' }),
        variable({ key: 'c', initialValue: 'initial', currentValue: '' }),
      ],
    });
    expect(resolveString('{{a}}|{{b}}|{{c}}', resolver).value).toBe('current|initial|');
  });

  it('lets the later of two enabled entries with one key win, and skips a disabled later one', () => {
    const resolver = new VariableResolver({
      collection: [
        variable({ key: 'k', initialValue: 'first' }),
        variable({ key: 'k', initialValue: 'second' }),
        variable({ key: 'k', initialValue: 'disabled', enabled: false }),
      ],
    });
    expect(resolver.get('k')?.value).toBe('second');
  });

  it('lists defined names', () => {
    const resolver = createResolver({ local: { a: '1' }, globals: [variable({ key: 'b', initialValue: '2' })] });
    expect(resolver.names().sort()).toEqual(['a', 'b']);
  });

  it('rejects a nesting limit that is not a whole number from 1', () => {
    for (const maxDepth of [0, -1, 1.5, Number.NaN]) {
      let caught: unknown;
      try {
        new VariableResolver({}, { maxDepth });
      } catch (error) {
        caught = error;
      }
      expect(isPosternError(caught) && caught.code).toBe('INVALID_INPUT');
    }
  });
});

describe('VariableResolver.secretValues', () => {
  it('gives enabled secret values from every scope, resolved, longest first, without empties', () => {
    const resolver = new VariableResolver({
      local: { token: 'local-not-secret' },
      environment: [
        variable({ key: 'token', initialValue: 'env-secret-token', type: 'secret' }),
        variable({ key: 'wrapped', initialValue: 'Bearer {{inner}}', type: 'secret' }),
        variable({ key: 'empty', initialValue: '', type: 'secret' }),
        variable({ key: 'off', initialValue: 'disabled-secret', type: 'secret', enabled: false }),
        variable({ key: 'plain', initialValue: 'not-a-secret' }),
      ],
      collection: [variable({ key: 'inner', initialValue: 'abc' })],
      globals: [variable({ key: 'pin', initialValue: 'init', currentValue: '1234', type: 'secret' })],
    });
    expect(resolver.secretValues()).toEqual(['env-secret-token', 'Bearer abc', '1234']);
    expect(resolver.get('token')).toEqual({ value: 'local-not-secret', scope: 'local', secret: false });
    expect(resolver.get('pin')?.secret).toBe(true);
  });
});
