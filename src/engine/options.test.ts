import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../model/index.js';
import { resolveSendOptions } from './options.js';

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
});
