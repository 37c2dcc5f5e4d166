import { describe, expect, it } from 'vitest';
import { protocolRanges } from './protocols.js';
import { PosternError } from '../../model/index.js';

describe('protocolRanges', () => {
  it('offers everything in one range when nothing is disabled', () => {
    expect(protocolRanges([])).toEqual([{ min: 'TLSv1', max: 'TLSv1.3', needsLegacySecurityLevel: true }]);
  });

  it('splits a hole into two ranges, highest first', () => {
    expect(protocolRanges(['TLSv1_2'])).toEqual([
      { min: 'TLSv1.3', max: 'TLSv1.3', needsLegacySecurityLevel: false },
      { min: 'TLSv1', max: 'TLSv1.1', needsLegacySecurityLevel: true },
    ]);
    expect(protocolRanges(['TLSv1', 'TLSv1_2'])).toEqual([
      { min: 'TLSv1.3', max: 'TLSv1.3', needsLegacySecurityLevel: false },
      { min: 'TLSv1.1', max: 'TLSv1.1', needsLegacySecurityLevel: true },
    ]);
    expect(protocolRanges(['TLSv1_1', 'TLSv1_3'])).toEqual([
      { min: 'TLSv1.2', max: 'TLSv1.2', needsLegacySecurityLevel: false },
      { min: 'TLSv1', max: 'TLSv1', needsLegacySecurityLevel: true },
    ]);
  });

  it('keeps the modern default contiguous', () => {
    expect(protocolRanges(['TLSv1', 'TLSv1_1'])).toEqual([
      { min: 'TLSv1.2', max: 'TLSv1.3', needsLegacySecurityLevel: false },
    ]);
  });

  it('refuses a set that leaves no protocol', () => {
    expect(() => protocolRanges(['TLSv1', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3'])).toThrow(PosternError);
    try {
      protocolRanges(['TLSv1', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3']);
    } catch (error) {
      expect((error as PosternError).code).toBe('NO_TLS_PROTOCOL');
    }
  });
});
