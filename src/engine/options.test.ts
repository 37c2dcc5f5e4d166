import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../model/index.js';
import { effectiveRequestTimeout, resolveSendOptions } from './options.js';

describe('resolveSendOptions', () => {
  const settings = SettingsSchema.parse({ tls: { cipherSelection: ['ECDHE-RSA-AES128-GCM-SHA256'] }, timeouts: { connectMs: 5000 }, maxResponseSizeMb: 2 });

  it('starts from the app settings', () => {
    const o = resolveSendOptions(settings);
    expect(o.tls).toEqual({ strictSSL: true, disabledProtocols: ['TLSv1', 'TLSv1_1'], cipherSelection: ['ECDHE-RSA-AES128-GCM-SHA256'], preferServerCiphers: false });
    expect(o.connectTimeoutMs).toBe(5000);
    expect(o.maxResponseBytes).toBe(2 * 1024 * 1024);
    expect(o.redirects).toMatchObject({ follow: true, max: 10 });
  });

  it('lets collection, folder and request override in turn, the most specific winning', () => {
    const o = resolveSendOptions(settings, [
      { strictSSL: false, tlsDisabledProtocols: ['TLSv1_3'], maxRedirects: 3 },
      undefined,
      { tlsDisabledProtocols: ['TLSv1_2'], followRedirects: false },
      { strictSSL: true, tlsCipherSelection: [], disableCookies: true },
    ]);
    expect(o.tls.strictSSL).toBe(true);
    expect(o.tls.disabledProtocols).toEqual(['TLSv1_2']);
    expect(o.tls.cipherSelection).toEqual([]);
    expect(o.redirects.max).toBe(3);
    expect(o.redirects.follow).toBe(false);
    expect(o.cookies).toBe(false);
  });

  it('applies explicit overrides last, ignoring undefined fields', () => {
    const o = resolveSendOptions(settings, [{ strictSSL: false }], { tls: { strictSSL: undefined, preferServerCiphers: true } });
    expect(o.tls.strictSSL).toBe(false);
    expect(o.tls.preferServerCiphers).toBe(true);
  });

  it('takes the request timeout from the most specific level that sets one, 0 meaning none', () => {
    const slow = SettingsSchema.parse({ timeouts: { requestMs: 30_000 } });
    expect(resolveSendOptions(slow).requestTimeoutMs).toBe(30_000);
    expect(effectiveRequestTimeout(slow, [{ requestTimeout: 500 }, undefined, {}])).toEqual({ ms: 500, level: 0 });
    expect(resolveSendOptions(slow, [{ requestTimeout: 500 }, { requestTimeout: 200 }, {}]).requestTimeoutMs).toBe(200);
    // A request may switch the limit off even though a folder set one.
    expect(effectiveRequestTimeout(slow, [{ requestTimeout: 500 }, { requestTimeout: 0 }])).toEqual({ ms: 0, level: 1 });
    expect(effectiveRequestTimeout(slow, [undefined, { strictSSL: false }])).toEqual({ ms: 30_000, level: -1 });
  });
});
