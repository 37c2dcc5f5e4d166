import { describe, expect, it } from 'vitest';
import { cipherStringForRange, normaliseCipherSelection } from './ciphers.js';
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

describe('cipherStringForRange', () => {
  const [modern] = protocolRanges(['TLSv1', 'TLSv1_1']);
  const [only13, legacy] = protocolRanges(['TLSv1_2']);

  it('uses the defaults when nothing is selected, lowering the security level only for TLS 1.0/1.1', () => {
    expect(cipherStringForRange([], modern!)).toBeUndefined();
    expect(cipherStringForRange([], legacy!)).toMatch(/:@SECLEVEL=0$/);
  });

  it('keeps only the suites a range can use', () => {
    const selection = ['TLS_AES_256_GCM_SHA384', 'ECDHE-RSA-AES128-SHA'];
    expect(cipherStringForRange(selection, modern!)).toBe('TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES128-SHA');
    expect(cipherStringForRange(selection, only13!)).toBe('TLS_AES_256_GCM_SHA384');
    expect(cipherStringForRange(selection, legacy!)).toBe('ECDHE-RSA-AES128-SHA:@SECLEVEL=0');
  });

  it('reports a range the selection cannot serve', () => {
    expect(cipherStringForRange(['ECDHE-RSA-AES128-GCM-SHA256'], only13!)).toBeNull();
    expect(cipherStringForRange(['TLS_AES_128_GCM_SHA256'], legacy!)).toBeNull();
  });
});
