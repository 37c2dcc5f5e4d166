import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/agent/index.js';
import { rendererContentSecurityPolicy, rendererSecurityHeaders, withRendererCsp } from '../../main/csp.js';
import { hardenSession, hardenWebContents, isLoadableUrl, type PreventableEvent, type SessionLike, type WebContentsLike } from '../../main/hardening.js';
import { externalLinkToOpen } from '../../main/navigation.js';
import { RENDERER_ENTRY_URL, RENDERER_ORIGIN, isRendererUrl, isTrustedSender } from '../../main/renderer-origin.js';
import { windowOptions } from '../../main/window-options.js';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split('; ').map((d) => [d.split(' ')[0] ?? '', d]));
}

describe('the trusted sender check', () => {
  it('trusts our renderer pages only', () => {
    expect(RENDERER_ORIGIN).toBe('postern://app');
    for (const url of [RENDERER_ENTRY_URL, 'postern://app/', 'postern://app/index.html#/request/1']) expect(isRendererUrl(url), url).toBe(true);
    for (const url of ['postern://evil/index.html', 'postern://app.evil/', 'postern://user@app/', 'postern://app:8080/', 'https://app/', 'file:///app/index.html', 'about:blank', 'data:text/html,hi', '', 'not a url', undefined, null]) {
      expect(isRendererUrl(url), String(url)).toBe(false);
    }
  });
  it('needs a live sending frame', () => {
    expect(isTrustedSender({ senderFrame: { url: RENDERER_ENTRY_URL } })).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'https://example.com/' } })).toBe(false);
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
  });
});

describe('the renderer CSP', () => {
  it('is browser mode\'s policy with connect-src narrowed to self', () => {
    const agent = directives(contentSecurityPolicy(RENDERER_ORIGIN));
    const ours = directives(rendererContentSecurityPolicy());
    expect([...ours.keys()]).toEqual([...agent.keys()]);
    for (const [name, directive] of agent) if (name !== 'connect-src') expect(ours.get(name)).toBe(directive);
    expect(ours.get('connect-src')).toBe("connect-src 'self'");
    expect(ours.get('script-src')).toBe("script-src 'self'");
    expect(ours.get('object-src')).toBe("object-src 'none'");
    expect(rendererContentSecurityPolicy()).not.toMatch(/unsafe-(inline|eval)/);
  });
  it('replaces any CSP a response had, whatever its case, and keeps the other headers', () => {
    const headers = withRendererCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html', 'X-Thing': ['a', 'b'] });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'X-Thing': ['a', 'b'], 'Content-Security-Policy': [rendererContentSecurityPolicy()] });
    expect(withRendererCsp(undefined)).toEqual({ 'Content-Security-Policy': [rendererContentSecurityPolicy()] });
    expect(rendererSecurityHeaders()).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' });
  });
});

describe('links and navigation', () => {
  it('opens only https links without credentials in the system browser', () => {
    expect(externalLinkToOpen('https://docs.example.com/a?b=1#c')).toBe('https://docs.example.com/a?b=1#c');
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'postern://app/', 'smb://host/share', 'https://bank.example@evil.example/', 'https://u:p@example.com/', 'not a url']) {
      expect(externalLinkToOpen(url), url).toBeUndefined();
    }
  });
  it('loads nothing from the network', () => {
    for (const url of ['postern://app/index.html', 'data:image/png;base64,AA==', 'blob:postern://app/123', 'devtools://devtools/bundled/x.html']) expect(isLoadableUrl(url), url).toBe(true);
    for (const url of ['https://example.com/', 'http://127.0.0.1:1/', 'ws://127.0.0.1/', 'file:///etc/passwd', 'ftp://x/', 'bad']) expect(isLoadableUrl(url), url).toBe(false);
  });
});

describe('hardening a session and a webContents (stand-ins for Electron\'s)', () => {
  it('cancels remote loads, puts in the CSP and refuses every permission', () => {
    type BeforeRequest = Parameters<SessionLike['webRequest']['onBeforeRequest']>[0];
    type HeadersReceived = Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];
    let beforeRequest: BeforeRequest | undefined;
    let headersReceived: HeadersReceived | undefined;
    let requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] | undefined;
    let checkHandler: Parameters<SessionLike['setPermissionCheckHandler']>[0] | undefined;
    hardenSession({
      webRequest: { onBeforeRequest: (l) => (beforeRequest = l), onHeadersReceived: (l) => (headersReceived = l) },
      setPermissionRequestHandler: (h) => (requestHandler = h),
      setPermissionCheckHandler: (h) => (checkHandler = h),
    });
    const cancelled = (url: string): boolean | undefined => {
      let answer: boolean | undefined;
      beforeRequest?.({ url }, (response) => (answer = response.cancel));
      return answer;
    };
    expect(cancelled('https://tracker.example/pixel.gif')).toBe(true);
    expect(cancelled('postern://app/assets/index.js')).toBe(false);
    let headers: Record<string, string[]> | undefined;
    headersReceived?.({ url: 'postern://app/', responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => (headers = response.responseHeaders));
    expect(headers?.['Content-Security-Policy']).toEqual([rendererContentSecurityPolicy()]);
    const granted: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) requestHandler?.({}, permission, (ok) => granted.push(ok));
    expect(granted).toEqual([false, false, false, false, false]);
    expect(checkHandler?.({}, 'clipboard-sanitized-write')).toBe(false);
  });

  it('stops navigation and new windows, opening https links in the system browser only', async () => {
    const listeners = new Map<string, (event: PreventableEvent, ...args: unknown[]) => void>();
    let openHandler: Parameters<WebContentsLike['setWindowOpenHandler']>[0] | undefined;
    const opened: string[] = [];
    hardenWebContents({ on: (name, listener) => listeners.set(name, listener), setWindowOpenHandler: (h) => (openHandler = h) }, (url) => opened.push(url));
    const fire = (name: string, url?: string, legacy?: string): boolean => {
      let prevented = false;
      listeners.get(name)?.({ preventDefault: () => (prevented = true), ...(url === undefined ? {} : { url }) }, legacy);
      return prevented;
    };
    expect(fire('will-navigate', 'https://docs.example.com/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', undefined, 'https://legacy.example/')).toBe(true);
    expect(fire('will-redirect', 'https://x.example/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(openHandler?.({ url: 'https://help.example/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'http://plain.example/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'postern://app/index.html' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened).toEqual(['https://docs.example.com/', 'https://legacy.example/', 'https://help.example/']);
  });

  it('makes windows with context isolation, the sandbox, no Node and web security', () => {
    const options = windowOptions({ x: 10, y: 20, width: 900, height: 700, maximized: false }, '/app/dist/preload/index.cjs', { width: 640, height: 480 });
    expect(options).toMatchObject({ x: 10, y: 20, width: 900, height: 700, minWidth: 640, minHeight: 480, show: false });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(windowOptions({ width: 900, height: 700, maximized: true }, '/p', { width: 1, height: 1 })).not.toHaveProperty('x');
  });
});
