import { describe, expect, it } from 'vitest';
import {
  ClientCertificateSchema,
  CollectionSchema,
  EnvironmentSchema,
  PosternError,
  ProtocolProfileBehaviorSchema,
  RequestSchema,
  SettingsSchema,
  defaultSettings,
  effectiveValue,
  walkRequests,
} from './index.js';

describe('model', () => {
  it('fills request defaults and accepts custom methods', () => {
    const r = RequestSchema.parse({ url: 'https://x.test', method: 'PURGE' });
    expect(r).toMatchObject({ method: 'PURGE', query: [], headers: [], body: { mode: 'none' } });
    expect(r.auth).toBeUndefined();
    expect(RequestSchema.safeParse({ url: 'x', method: 'BAD METHOD' }).success).toBe(false);
  });

  it('parses every body mode and refuses an unknown one', () => {
    for (const body of [
      { mode: 'none' },
      { mode: 'raw', raw: '{}', language: 'json' },
      { mode: 'urlencoded', urlencoded: [{ key: 'a', value: 'b' }] },
      { mode: 'formdata', formdata: [{ type: 'text', key: 'a', value: 'b' }, { type: 'file', key: 'f', src: ['/tmp/a'] }] },
      { mode: 'file', file: { src: '/tmp/a' } },
      { mode: 'graphql', graphql: { query: '{a}' } },
    ]) {
      expect(RequestSchema.safeParse({ url: 'x', body }).success, body.mode).toBe(true);
    }
    expect(RequestSchema.safeParse({ url: 'x', body: { mode: 'telepathy' } }).success).toBe(false);
  });

  it('keeps initial and current values apart; the current value wins when set', () => {
    const env = EnvironmentSchema.parse({ id: 'e', name: 'Dev', values: [{ key: 'token', initialValue: 'shared', type: 'secret' }, { key: 'u', initialValue: 'a', currentValue: 'b' }] });
    expect(effectiveValue(env.values[0]!)).toBe('shared');
    expect(effectiveValue(env.values[1]!)).toBe('b');
    expect(env.values[0]?.type).toBe('secret');
  });

  it('nests folders and walks requests with their parents', () => {
    const c = CollectionSchema.parse({
      id: 'c',
      name: 'C',
      protocolProfileBehavior: { strictSSL: false },
      items: [
        { kind: 'request', id: 'r1', name: 'one', request: { url: 'a' } },
        { kind: 'folder', id: 'f', name: 'F', items: [{ kind: 'folder', id: 'g', name: 'G', items: [{ kind: 'request', id: 'r2', name: 'two', request: { url: 'b' } }] }] },
      ],
    });
    const walked = [...walkRequests(c.items)].map(({ item, parents }) => [item.id, parents.map((p) => p.id)]);
    expect(walked).toEqual([['r1', []], ['r2', ['f', 'g']]]);
  });

  it('keeps unknown protocolProfileBehavior keys and checks known ones', () => {
    expect(ProtocolProfileBehaviorSchema.parse({ tlsDisabledProtocols: ['TLSv1'], futureKey: 1 })).toEqual({ tlsDisabledProtocols: ['TLSv1'], futureKey: 1 });
    expect(ProtocolProfileBehaviorSchema.safeParse({ tlsDisabledProtocols: ['SSLv3'] }).success).toBe(false);
  });

  it('has safe default settings', () => {
    const s = defaultSettings();
    expect(s.tls).toEqual({ strictSSL: true, disabledProtocols: ['TLSv1', 'TLSv1_1'], cipherSelection: [], preferServerCiphers: false });
    expect(s.maxResponseSizeMb).toBe(50);
    expect(s.proxy.enabled).toBe(false);
    expect(SettingsSchema.safeParse({ timeouts: { connectMs: -1 } }).success).toBe(false);
  });

  it('requires a client certificate to be PEM cert+key or a PFX, not both', () => {
    expect(ClientCertificateSchema.safeParse({ host: 'a', cert: 'c', key: 'k' }).success).toBe(true);
    expect(ClientCertificateSchema.safeParse({ host: 'a', pfx: 'p', passphrase: 'x' }).success).toBe(true);
    expect(ClientCertificateSchema.safeParse({ host: 'a', cert: 'c' }).success).toBe(false);
    expect(ClientCertificateSchema.safeParse({ host: 'a', cert: 'c', key: 'k', pfx: 'p' }).success).toBe(false);
    expect(ClientCertificateSchema.safeParse({ host: 'a', port: 70000, pfx: 'p' }).success).toBe(false);
  });

  it('renders errors as one line with where', () => {
    const e = new PosternError('INVALID_COLLECTION', 'expected a string\nor URL object', { file: 'c.json', path: 'item[2].request.url', line: 7 });
    expect(e.toLine()).toBe('c.json:7: item[2].request.url: expected a string or URL object');
    expect(e.toJSON()).toEqual({ code: 'INVALID_COLLECTION', message: 'expected a string\nor URL object', where: { file: 'c.json', path: 'item[2].request.url', line: 7 } });
  });
});
