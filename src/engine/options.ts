import type { ProtocolProfileBehavior, Settings } from '../model/index.js';
import type { SendOptions, TlsProfile } from './types.js';

/** What a caller (CLI, runner, UI) may override for one send, on top of settings and inheritance. */
export interface SendOverrides {
  readonly tls?: Partial<TlsProfile> | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Where the request timeout in force comes from: the app's settings, or the index of the level in the chain that set it. */
export interface RequestTimeoutSource {
  readonly ms: number;
  /** -1 for the app's settings. */
  readonly level: number;
}

/** The request timeout of settings ⊕ chain: the most specific level with `requestTimeout` wins (0: none). */
export function effectiveRequestTimeout(settings: Settings, chain: readonly (ProtocolProfileBehavior | undefined)[] = []): RequestTimeoutSource {
  let found: RequestTimeoutSource = { ms: settings.timeouts.requestMs, level: -1 };
  chain.forEach((level, index) => {
    if (level?.requestTimeout !== undefined) found = { ms: level.requestTimeout, level: index };
  });
  return found;
}

/**
 * The effective options of one request: app settings, then `protocolProfileBehavior` of the
 * collection, each folder and the request, in that order (the most specific level that sets a key
 * wins), then explicit overrides.
 */
export function resolveSendOptions(settings: Settings, chain: readonly (ProtocolProfileBehavior | undefined)[] = [], overrides: SendOverrides = {}): SendOptions {
  let tls: TlsProfile = {
    strictSSL: settings.tls.strictSSL,
    disabledProtocols: settings.tls.disabledProtocols,
    cipherSelection: settings.tls.cipherSelection,
    preferServerCiphers: settings.tls.preferServerCiphers,
  };
  let redirects = {
    follow: settings.redirects.follow,
    max: settings.redirects.max,
    followOriginalMethod: settings.redirects.followOriginalMethod,
    keepAuthorizationCrossOrigin: settings.redirects.keepAuthorizationCrossOrigin,
    removeReferer: settings.redirects.removeReferer,
  };
  let cookies = settings.cookies.enabled;
  for (const level of chain) {
    if (!level) continue;
    tls = {
      strictSSL: level.strictSSL ?? tls.strictSSL,
      disabledProtocols: level.tlsDisabledProtocols ?? tls.disabledProtocols,
      cipherSelection: level.tlsCipherSelection ?? tls.cipherSelection,
      preferServerCiphers: level.tlsPreferServerCiphers ?? tls.preferServerCiphers,
    };
    redirects = {
      follow: level.followRedirects ?? redirects.follow,
      max: level.maxRedirects ?? redirects.max,
      followOriginalMethod: level.followOriginalHttpMethod ?? redirects.followOriginalMethod,
      keepAuthorizationCrossOrigin: level.followAuthorizationHeader ?? redirects.keepAuthorizationCrossOrigin,
      removeReferer: level.removeRefererHeaderOnRedirect ?? redirects.removeReferer,
    };
    if (level.disableCookies !== undefined) cookies = !level.disableCookies;
  }
  if (overrides.tls) tls = { ...tls, ...stripUndefined(overrides.tls) };
  return {
    tls,
    caCertificates: settings.caCertificates,
    clientCertificates: settings.clientCertificates,
    proxy: settings.proxy,
    connectTimeoutMs: settings.timeouts.connectMs,
    requestTimeoutMs: effectiveRequestTimeout(settings, chain).ms,
    redirects,
    maxResponseBytes: Math.round(settings.maxResponseSizeMb * 1024 * 1024),
    cookies,
    sslKeyLogFile: settings.sslKeyLogFile,
    signal: overrides.signal,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
