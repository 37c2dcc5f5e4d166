import { DEFAULT_CIPHERS } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { resolveSendOptions } from '../../src/engine/index.js';
import { SettingsSchema, defaultSettings, isPosternError } from '../../src/model/index.js';
import { applyPolicyFloor, resolveEffectivePolicy, userValuesFromSettings, type EffectivePolicy } from '../../src/policy/index.js';
import { entry } from './helpers.js';

function policyOf(values: Record<string, unknown>): EffectivePolicy {
  return resolveEffectivePolicy([{ level: 'machine', origin: '/p.json', format: 'json', values }]);
}

const base = resolveSendOptions(defaultSettings(), [{ strictSSL: false, tlsDisabledProtocols: ['TLSv1_2'], tlsCipherSelection: ['ECDHE-RSA-AES128-GCM-SHA256', 'DES-CBC3-SHA', 'rc4-sha'] }]);

describe('applyPolicyFloor', () => {
  it('changes nothing when no policy is set', () => {
    expect(applyPolicyFloor(base, policyOf({}))).toEqual(base);
  });

  it('disables every protocol under the minimum and keeps the request\'s own holes', () => {
    const out = applyPolicyFloor(base, policyOf({ MinimumTlsVersion: 'TLSv1_1' }));
    expect(out.tls.disabledProtocols).toEqual(['TLSv1', 'TLSv1_2']);
    const request = resolveSendOptions(defaultSettings(), [{ tlsDisabledProtocols: [] }]);
    expect(applyPolicyFloor(request, policyOf({ MinimumTlsVersion: 'TLSv1_3' })).tls.disabledProtocols).toEqual(['TLSv1', 'TLSv1_1', 'TLSv1_2']);
  });

  it('removes disallowed ciphers whatever their case, keeping the order of the rest', () => {
    const out = applyPolicyFloor(base, policyOf({ DisallowedCiphers: ['DES-CBC3-SHA', 'RC4-SHA'] }));
    expect(out.tls.cipherSelection).toEqual(['ECDHE-RSA-AES128-GCM-SHA256']);
  });

  it('turns Node\'s default list into explicit suites without the disallowed ones', () => {
    const request = resolveSendOptions(defaultSettings());
    expect(request.tls.cipherSelection).toEqual([]);
    const out = applyPolicyFloor(request, policyOf({ DisallowedCiphers: ['ECDHE-RSA-AES128-GCM-SHA256'] }));
    expect(out.tls.cipherSelection).not.toContain('ECDHE-RSA-AES128-GCM-SHA256');
    expect(out.tls.cipherSelection).toContain('TLS_AES_256_GCM_SHA384');
    expect(out.tls.cipherSelection.every((c) => DEFAULT_CIPHERS.split(':').includes(c))).toBe(true);
  });

  it('fails a request that selects only disallowed suites instead of quietly choosing others', () => {
    const request = resolveSendOptions(defaultSettings(), [{ tlsCipherSelection: ['RC4-SHA'] }]);
    let caught: unknown;
    try {
      applyPolicyFloor(request, policyOf({ DisallowedCiphers: ['RC4-SHA'] }));
    } catch (error) {
      caught = error;
    }
    expect(isPosternError(caught) && caught.code).toBe('NO_USABLE_CIPHER');
    expect(isPosternError(caught) && caught.toLine()).toBe('DisallowedCiphers: every cipher suite this request selects (RC4-SHA) is disallowed by policy');
  });

  it('forces SSL verification only when the policy says so', () => {
    expect(applyPolicyFloor(base, policyOf({ ForceSslVerification: true })).tls.strictSSL).toBe(true);
    expect(applyPolicyFloor(base, policyOf({ ForceSslVerification: false })).tls.strictSSL).toBe(false);
  });

  it('adds policy CA certificates to the request\'s own, once each', () => {
    const settings = SettingsSchema.parse({ caCertificates: { enabled: true, paths: ['/mine.pem', '/corp.pem'] } });
    const out = applyPolicyFloor(resolveSendOptions(settings), policyOf({ ExtraCaCertificates: ['/corp.pem', '/root.pem'] }));
    expect(out.caCertificates).toEqual({ enabled: true, paths: ['/mine.pem', '/corp.pem', '/root.pem'] });
    const disabled = applyPolicyFloor(resolveSendOptions(defaultSettings()), policyOf({ ExtraCaCertificates: ['/root.pem'] }));
    expect(disabled.caCertificates).toEqual({ enabled: true, paths: ['/root.pem'] });
  });

  it('a failed-closed cipher list bars the legacy suites', () => {
    const out = applyPolicyFloor(base, policyOf({ DisallowedCiphers: 'RC4' }));
    expect(out.tls.cipherSelection).toEqual(['ECDHE-RSA-AES128-GCM-SHA256']);
  });
});

describe('userValuesFromSettings', () => {
  it('maps the user\'s settings onto policy keys, the layer under policy', () => {
    const settings = SettingsSchema.parse({
      caCertificates: { enabled: true, paths: ['/a.pem'] },
      proxy: { enabled: true, url: 'http://proxy.local:3128', bypass: ['localhost'] },
      clientCertificates: [{ host: 'h.example', pfx: '/c.p12', passphrase: 'secret' }, { host: 'off.example', cert: '/c', key: '/k', enabled: false }],
    });
    const values = userValuesFromSettings(settings);
    expect(values).toEqual({ ExtraCaCertificates: ['/a.pem'], ClientCertificates: [{ host: 'h.example', pfx: '/c.p12' }], ProxyUrl: 'http://proxy.local:3128', ProxyBypass: ['localhost'] });
    const policy = resolveEffectivePolicy([{ level: 'machine', origin: '/p.json', format: 'json', values: { ProxyUrl: 'http://corp:8080' } }], values);
    expect(entry(policy, 'ProxyUrl')).toMatchObject({ value: 'http://corp:8080', source: 'machine-policy' });
    expect(entry(policy, 'ClientCertificates')).toMatchObject({ source: 'user-setting', locked: false });
  });
});
