import { PosternError } from '../../model/index.js';
import type { ConnectorConfig, TlsConnectConfig } from '../connect/connector.js';
import { keyLogWriter } from '../connect/key-log.js';
import { proxyRouteFor } from '../proxy/route.js';
import { handshakeForRange, normaliseCipherSelection } from '../tls/ciphers.js';
import { clientCertMatchesHost } from '../tls/client-cert-host.js';
import { loadClientCredential } from '../tls/credentials.js';
import { loadTrustStore } from '../tls/ca.js';
import { protocolRanges } from '../tls/protocols.js';
import type { SendOptions, TlsProfile } from '../types.js';

/** How to reach one origin with one request's settings; equal keys may share pooled connections. */
export interface ConnectionPlan {
  readonly key: string;
  readonly connector: ConnectorConfig;
  /** Where undici dispatches: the target origin, or the proxy for plain HTTP through a proxy. */
  readonly dispatchOrigin: string;
  /** Plain HTTP through a proxy sends the absolute URL as the request target. */
  readonly absoluteForm: boolean;
  readonly proxyAuthorization?: string | undefined;
}

/** Works out TLS profile, trust, client certificate and proxy for a request to `url`. */
export function planConnection(url: URL, options: SendOptions): ConnectionPlan {
  const route = proxyRouteFor(url, options.proxy);
  const keyLog = options.sslKeyLogFile ? keyLogWriter(options.sslKeyLogFile) : null;
  const trust = options.caCertificates?.enabled && options.caCertificates.paths.length > 0 ? loadTrustStore(options.caCertificates.paths) : null;
  const keyParts: unknown[] = [options.connectTimeoutMs, options.sslKeyLogFile ?? '', trust?.id ?? ''];

  if (url.protocol === 'https:') {
    const port = Number(url.port) || 443;
    const tls = targetTls(url.hostname, port, options, trust?.ca);
    const proxyTls = route && route.proxy.protocol === 'https:' ? proxyTlsConfig(options.tls, trust?.ca) : undefined;
    keyParts.push('https', tlsKey(tls), route ? [route.proxy.href, route.authorization ?? ''] : null);
    return {
      key: JSON.stringify(keyParts),
      connector: {
        tls,
        tunnel: route ? { proxy: route.proxy, authorization: route.authorization, proxyTls } : null,
        connectTimeoutMs: options.connectTimeoutMs,
        keyLog,
      },
      dispatchOrigin: url.origin,
      absoluteForm: false,
    };
  }

  if (route) {
    // Plain HTTP through a proxy: talk HTTP to the proxy (over TLS for an https:// proxy).
    const proxyTls = route.proxy.protocol === 'https:' ? proxyTlsConfig(options.tls, trust?.ca) : null;
    keyParts.push('http-via', route.proxy.href, proxyTls ? tlsKey(proxyTls) : null);
    return {
      key: JSON.stringify(keyParts),
      connector: { tls: proxyTls, tunnel: null, connectTimeoutMs: options.connectTimeoutMs, keyLog, originIsProxy: true },
      dispatchOrigin: route.proxy.origin,
      absoluteForm: true,
      proxyAuthorization: route.authorization,
    };
  }

  keyParts.push('http');
  return {
    key: JSON.stringify(keyParts),
    connector: { tls: null, tunnel: null, connectTimeoutMs: options.connectTimeoutMs, keyLog },
    dispatchOrigin: url.origin,
    absoluteForm: false,
  };
}

function targetTls(host: string, port: number, options: SendOptions, ca: readonly string[] | undefined): TlsConnectConfig {
  const attempts = attemptsFor(options.tls);
  const match = (options.clientCertificates ?? []).find((c) => c.enabled && clientCertMatchesHost(c.host, c.port, host, port));
  const credential = match ? loadClientCredential(match) : undefined;
  return {
    attempts,
    rejectUnauthorized: options.tls.strictSSL,
    ca,
    credential,
    credentialFor: match ? { host: match.host, port: match.port ?? 443 } : undefined,
    noCertificateReason: (h, p) => (match ? 'the server did not take the configured certificate' : `no client certificate is configured for ${h}:${p}`),
    honorCipherOrder: options.tls.preferServerCiphers,
  };
}

function proxyTlsConfig(profile: TlsProfile, ca: readonly string[] | undefined): TlsConnectConfig {
  return {
    attempts: attemptsFor({ ...profile, cipherSelection: [] }),
    rejectUnauthorized: profile.strictSSL,
    ca,
    noCertificateReason: () => 'client certificates are not sent to proxies',
    honorCipherOrder: false,
  };
}

function attemptsFor(profile: TlsProfile): TlsConnectConfig['attempts'] {
  const selection = normaliseCipherSelection(profile.cipherSelection);
  const attempts = protocolRanges(profile.disabledProtocols).flatMap((range) => {
    const handshake = handshakeForRange(selection, range);
    return handshake ? [handshake] : [];
  });
  if (attempts.length === 0) {
    throw new PosternError('NO_USABLE_CIPHER', `none of the selected cipher suites (${selection.join(', ')}) can be used with the enabled TLS versions`, {
      path: 'tlsCipherSelection',
    });
  }
  return attempts;
}

function tlsKey(tls: TlsConnectConfig): unknown {
  return [tls.attempts.map((a) => [a.range.min, a.range.max, a.ciphers ?? '']), tls.rejectUnauthorized, tls.honorCipherOrder, tls.credential?.id ?? '', tls.credentialFor ?? null];
}
