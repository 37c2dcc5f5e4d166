import { describe, expect, it } from 'vitest';
import { bypassesProxy } from './bypass.js';

describe('bypassesProxy', () => {
  it('matches hosts and their subdomains on label boundaries', () => {
    expect(bypassesProxy(['example.com'], 'example.com', 443)).toBe(true);
    expect(bypassesProxy(['example.com'], 'api.example.com', 443)).toBe(true);
    expect(bypassesProxy(['example.com'], 'badexample.com', 443)).toBe(false);
    expect(bypassesProxy(['.example.com'], 'api.example.com', 80)).toBe(true);
    expect(bypassesProxy(['*.example.com'], 'api.example.com', 80)).toBe(true);
    expect(bypassesProxy(['example.com'], 'example.com.evil.test', 80)).toBe(false);
  });

  it('honours ports, wildcards, IPs and CIDR blocks', () => {
    expect(bypassesProxy(['localhost:8080'], 'localhost', 8080)).toBe(true);
    expect(bypassesProxy(['localhost:8080'], 'localhost', 8081)).toBe(false);
    expect(bypassesProxy(['*'], 'anything.test', 1)).toBe(true);
    expect(bypassesProxy(['127.0.0.1'], '127.0.0.1', 80)).toBe(true);
    expect(bypassesProxy(['127.0.0.1'], '127.0.0.10', 80)).toBe(false);
    expect(bypassesProxy(['10.0.0.0/8'], '10.1.2.3', 80)).toBe(true);
    expect(bypassesProxy(['10.0.0.0/8'], '11.1.2.3', 80)).toBe(false);
    expect(bypassesProxy(['::1'], '[::1]', 80)).toBe(true);
    expect(bypassesProxy(['[::1]:8443'], '::1', 8443)).toBe(true);
    expect(bypassesProxy(['fd00::/8'], 'fd12::1', 80)).toBe(true);
  });

  it('ignores blank entries', () => {
    expect(bypassesProxy(['', '  '], 'example.com', 80)).toBe(false);
  });
});
