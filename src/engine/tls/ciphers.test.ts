import { describe, expect, it } from 'vitest';
import { handshakeForRange, normaliseCipherSelection } from './ciphers.js';
import { protocolRanges } from './protocols.js';
import type { PosternError } from '../../model/index.js';

describe('normaliseCipherSelection', () => {
  it('accepts OpenSSL and TLS 1.3 names in any case and keeps the order', () => {
    expect(normaliseCipherSelection(['ecdhe-rsa-aes256-gcm-sha384', 'TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'])).toEqual([
      'ECDHE-RSA-AES256-GCM-SHA384',
      'TLS_AES_128_GCM_SHA256',
      'ECDHE-RSA-AES128-GCM-SHA256',
    ]);
  });

  it('names the unknown cipher and where it is', () => {
    let caught: PosternError | undefined;
    try {
      normaliseCipherSelection(['ECDHE-RSA-AES128-GCM-SHA256', 'NOT-A-CIPHER']);
    } catch (error) {
      caught = error as PosternError;
    }
    expect(caught?.code).toBe('UNKNOWN_CIPHER');
    expect(caught?.toLine()).toContain('tlsCipherSelection[1]');
    expect(caught?.toLine()).toContain('NOT-A-CIPHER');
  });
});

describe('handshakeForRange', () => {
  const [modern] = protocolRanges(['TLSv1', 'TLSv1_1']);
  const [only13, legacy] = protocolRanges(['TLSv1_2']);

  it('uses the defaults when nothing is selected, lowering the security level only for TLS 1.0/1.1', () => {
    expect(handshakeForRange([], modern!)).toEqual({ range: modern, ciphers: undefined });
    expect(handshakeForRange([], legacy!)?.ciphers).toMatch(/:@SECLEVEL=0$/);
  });

  it('keeps only the suites a range can use, in order', () => {
    const selection = ['TLS_AES_256_GCM_SHA384', 'ECDHE-RSA-AES128-SHA'];
    expect(handshakeForRange(selection, modern!)?.ciphers).toBe('TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES128-SHA');
    expect(handshakeForRange(selection, only13!)?.ciphers).toBe('TLS_AES_256_GCM_SHA384');
    expect(handshakeForRange(selection, legacy!)?.ciphers).toBe('ECDHE-RSA-AES128-SHA:@SECLEVEL=0');
  });

  it('narrows the range to the versions the selection can serve', () => {
    expect(handshakeForRange(['ECDHE-RSA-AES128-GCM-SHA256'], modern!)?.range).toEqual({ min: 'TLSv1.2', max: 'TLSv1.2', needsLegacySecurityLevel: false });
    expect(handshakeForRange(['TLS_AES_128_GCM_SHA256'], modern!)?.range).toEqual({ min: 'TLSv1.3', max: 'TLSv1.3', needsLegacySecurityLevel: false });
  });

  it('reports a range the selection cannot serve', () => {
    expect(handshakeForRange(['ECDHE-RSA-AES128-GCM-SHA256'], only13!)).toBeNull();
    expect(handshakeForRange(['TLS_AES_128_GCM_SHA256'], legacy!)).toBeNull();
  });
});
