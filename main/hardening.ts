import { withRendererCsp } from './csp.js';
import { externalLinkToOpen } from './navigation.js';

/** The parts of an Electron session main locks down; the real Session fits, tests pass a stand-in. */
export interface SessionLike {
  readonly webRequest: {
    onBeforeRequest(listener: (details: { readonly url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
    onHeadersReceived(
      listener: (details: { readonly url: string; readonly responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

/** Schemes the renderer may load from: its own, inline data it made, and the devtools. No network. */
const LOADABLE_SCHEMES: ReadonlySet<string> = new Set(['postern:', 'data:', 'blob:', 'devtools:']);

export function isLoadableUrl(url: string): boolean {
  try {
    return LOADABLE_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * Lock a session down: no remote content (every http, https, ws, file… load is cancelled), our CSP
 * on every response, and every permission (camera, notifications, clipboard-read, …) refused.
 */
export function hardenSession(session: SessionLike): void {
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isLoadableUrl(details.url) }));
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withRendererCsp(details.responseHeaders) }));
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** An Electron event that can be stopped; navigation events also say where to. */
export interface PreventableEvent {
  preventDefault(): void;
  readonly url?: string;
}

/** The parts of an Electron webContents main locks down. */
export interface WebContentsLike {
  on(event: string, listener: (event: PreventableEvent, ...args: unknown[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
}

/**
 * No navigation of the window, no new windows, no <webview>. (Frames inside the page, like the
 * sandboxed srcdoc preview of an HTML response, may load: they get no network (hardenSession) and
 * cannot call the contract (isTrustedSender checks the calling frame).) A link to an https page the renderer tried to follow
 * or open opens in the system browser (`openExternal`) instead; anything else goes nowhere.
 */
export function hardenWebContents(contents: WebContentsLike, openExternal: (url: string) => unknown): void {
  const refuse = (event: PreventableEvent, legacyUrl?: unknown): void => {
    event.preventDefault();
    const url = event.url ?? (typeof legacyUrl === 'string' ? legacyUrl : undefined);
    const external = url === undefined ? undefined : externalLinkToOpen(url);
    if (external !== undefined) void Promise.resolve(openExternal(external)).catch(() => undefined);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkToOpen(url);
    if (external !== undefined) void Promise.resolve(openExternal(external)).catch(() => undefined);
    return { action: 'deny' };
  });
}
