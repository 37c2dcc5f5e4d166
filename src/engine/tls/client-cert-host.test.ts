import { describe, expect, it } from 'vitest';
import { clientCertMatchesHost } from './client-cert-host.js';

describe('clientCertMatchesHost', () => {
  it('matches the exact host on the default port', () => {
    expect(clientCertMatchesHost('example.com', undefined, 'example.com', 443)).toBe(true);
    expect(clientCertMatchesHost('Example.COM', undefined, 'example.com.', 443)).toBe(true);
  });

  it('is anchored at both ends', () => {
    expect(clientCertMatchesHost('example.com', undefined, 'example.com.evil.test', 443)).toBe(false);
    expect(clientCertMatchesHost('example.com', undefined, 'evil-example.com', 443)).toBe(false);
    expect(clientCertMatchesHost('example.com', undefined, 'api.example.com', 443)).toBe(false);
    expect(clientCertMatchesHost('api.example.com', undefined, 'example.com', 443)).toBe(false);
  });

  it('needs the same port; a missing port means 443', () => {
    expect(clientCertMatchesHost('example.com', 8443, 'example.com', 8443)).toBe(true);
    expect(clientCertMatchesHost('example.com', 8443, 'example.com', 443)).toBe(false);
    expect(clientCertMatchesHost('example.com', undefined, 'example.com', 8443)).toBe(false);
  });

  it('lets a wildcard cover exactly one label', () => {
    expect(clientCertMatchesHost('*.example.com', undefined, 'api.example.com', 443)).toBe(true);
    expect(clientCertMatchesHost('*.example.com', undefined, 'example.com', 443)).toBe(false);
    expect(clientCertMatchesHost('*.example.com', undefined, 'a.b.example.com', 443)).toBe(false);
    expect(clientCertMatchesHost('*.example.com', undefined, 'api.example.com.evil.test', 443)).toBe(false);
    expect(clientCertMatchesHost('*.example.com', undefined, 'apiexample.com', 443)).toBe(false);
  });

  it('matches IP literals exactly', () => {
    expect(clientCertMatchesHost('127.0.0.1', 9443, '127.0.0.1', 9443)).toBe(true);
    expect(clientCertMatchesHost('127.0.0.1', 9443, '127.0.0.10', 9443)).toBe(false);
    expect(clientCertMatchesHost('[::1]', 9443, '::1', 9443)).toBe(true);
  });

  it('never matches an empty pattern', () => {
    expect(clientCertMatchesHost('', undefined, '', 443)).toBe(false);
    expect(clientCertMatchesHost('*.', undefined, 'a.', 443)).toBe(false);
  });
});
