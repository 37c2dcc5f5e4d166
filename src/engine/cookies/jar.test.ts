import { describe, expect, it } from 'vitest';
import { CookieStore } from './jar.js';

const SITE = new URL('http://127.0.0.1:8080/app/login');

describe('CookieStore', () => {
  it('lists unexpired cookies sorted, with session cookies marked by no expiry', () => {
    const cookies = new CookieStore();
    cookies.store(SITE, ['b=2; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Strict', 'a=1; Path=/', 'gone=x; Path=/; Max-Age=0']);
    cookies.store(new URL('http://localhost:9/'), ['z=9']);
    const listed = cookies.list();
    expect(listed.map((c) => `${c.domain} ${c.name}=${c.value}`)).toEqual(['127.0.0.1 a=1', '127.0.0.1 b=2', 'localhost z=9']);
    expect(listed[0]?.expires).toBeUndefined();
    expect(listed[1]).toMatchObject({ path: '/', secure: true, httpOnly: true, hostOnly: true, sameSite: 'strict' });
    expect(listed[1]?.expires?.getTime()).toBeGreaterThan(Date.now());
  });

  it('removes one cookie or a domain, and tells listeners of every change', () => {
    const cookies = new CookieStore();
    let changes = 0;
    const stop = cookies.onChange(() => (changes += 1));
    cookies.store(SITE, ['a=1; Path=/', 'b=2; Path=/']);
    cookies.store(new URL('http://localhost:9/'), ['z=9']);
    cookies.store(SITE, []); // no Set-Cookie: no change
    expect(changes).toBe(2);

    expect(cookies.remove('127.0.0.1', '/', 'a')).toBe(true);
    expect(cookies.remove('127.0.0.1', '/', 'a')).toBe(false);
    expect(cookies.cookieHeader(SITE)).toBe('b=2');
    expect(changes).toBe(3);
    expect(cookies.removeDomain('127.0.0.1')).toBe(1);
    expect(cookies.removeDomain('127.0.0.1')).toBe(0);
    expect(cookies.list().map((c) => c.name)).toEqual(['z']);
    expect(changes).toBe(4);
    stop();
    cookies.clear();
    expect(cookies.list()).toEqual([]);
    expect(changes).toBe(4);
  });
});
