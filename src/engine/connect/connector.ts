import { lookup } from 'node:dns/promises';
import net, { type Socket } from 'node:net';
import tls, { type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { buildConnector } from 'undici';
import { PosternError } from '../../model/index.js';
import type { ProtocolRange } from '../tls/protocols.js';
import type { ClientCredential } from '../tls/credentials.js';
import { peerChain, distinguishedName } from '../tls/peer-chain.js';
import type { TlsDetails } from '../types.js';
import { connectError, isProtocolVersionRefusal } from './errors.js';
import { recordSocketInfo, type SocketInfo } from './socket-info.js';
import { openTunnel } from './tunnel.js';

/** The TLS a connection to one origin uses. */
export interface TlsConnectConfig {
  /** One handshake attempt per protocol range, highest first (see protocolRanges). */
  readonly attempts: ReadonlyArray<{ readonly range: ProtocolRange; readonly ciphers: string | undefined }>;
  readonly rejectUnauthorized: boolean;
  readonly ca?: readonly string[] | undefined;
  readonly credential?: ClientCredential | undefined;
  /** The configured host pattern and port the credential was chosen for. */
  readonly credentialFor?: { readonly host: string; readonly port: number } | undefined;
  /** Why no certificate is offered, for the TLS details; worded per host because agents serve many. */
  readonly noCertificateReason: (host: string, port: number) => string;
  readonly honorCipherOrder: boolean;
}

export interface TunnelConfig {
  readonly proxy: URL;
  readonly authorization?: string | undefined;
  /** TLS to the proxy itself, for an `https://` proxy. */
  readonly proxyTls?: TlsConnectConfig | undefined;
}

export interface ConnectorConfig {
  /** Null for plain HTTP: then no certificate is ever offered. */
  readonly tls: TlsConnectConfig | null;
  readonly tunnel: TunnelConfig | null;
  readonly connectTimeoutMs: number;
  readonly keyLog: ((line: Buffer) => void) | null;
  /** The origin is a proxy taking absolute-form requests: errors name it as the proxy. */
  readonly originIsProxy?: boolean | undefined;
}

type ConnectParams = buildConnector.Options;

/**
 * An undici connector that opens TCP (through a proxy tunnel when configured) and does the TLS
 * handshake itself, so it can time each phase, retry across a hole in the enabled protocol versions,
 * write the key log and record what the handshake showed for the request that uses the socket.
 */
export function createConnector(config: ConnectorConfig): buildConnector.connector {
  return (params, callback) => {
    open(config, params).then(
      (socket) => callback(null, socket),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}

async function open(config: ConnectorConfig, params: ConnectParams): Promise<Socket> {
  const host = stripBrackets(params.hostname);
  const port = Number(params.port) || (params.protocol === 'https:' ? 443 : 80);
  const via = config.tunnel ? config.tunnel.proxy.host : undefined;
  const live = new Set<Duplex>();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    if (config.connectTimeoutMs <= 0) return;
    timer = setTimeout(() => {
      for (const s of live) s.destroy();
      reject(new PosternError('CONNECT_TIMEOUT', `timed out after ${config.connectTimeoutMs} ms connecting to ${host}:${port}${via ? ` via proxy ${via}` : ''}`));
    }, config.connectTimeoutMs);
  });
  try {
    return await Promise.race([establish(config, host, port, params.servername ?? null, live), timeout]);
  } catch (error) {
    for (const s of live) s.destroy();
    throw connectError(error, { host, port, via, isProxy: config.originIsProxy === true });
  } finally {
    clearTimeout(timer);
  }
}

async function establish(config: ConnectorConfig, host: string, port: number, servername: string | null, live: Set<Duplex>): Promise<Socket> {
  const startedAt = performance.now();
  const hop = config.tunnel ? { host: stripBrackets(config.tunnel.proxy.hostname), port: proxyPort(config.tunnel.proxy) } : { host, port };

  // Failures before the tunnel is up are the proxy's, and are worded so.
  const asProxy = <T>(step: Promise<T>): Promise<T> =>
    config.tunnel ? step.catch((error: unknown) => Promise.reject(connectError(error, { host: hop.host, port: hop.port, via: `${host}:${port}`, isProxy: true }))) : step;

  const dnsStart = performance.now();
  const address = net.isIP(hop.host) ? hop.host : (await asProxy(lookup(hop.host))).address;
  const dnsMs = performance.now() - dnsStart;

  const attempts = config.tls?.attempts ?? [null];
  let tcpMs = 0;
  let proxyMs = 0;
  for (let index = 0; index < attempts.length; index++) {
    const tcpStart = performance.now();
    const tcp = await asProxy(tcpConnect(address, hop.port, live));
    if (index === 0) tcpMs = performance.now() - tcpStart;

    let carrier: Socket = tcp;
    if (config.tunnel) {
      const proxyStart = performance.now();
      if (config.tunnel.proxyTls) {
        carrier = await asProxy(handshake(tcp, config.tunnel.proxyTls, 0, hop.host, null, live));
      }
      await asProxy(openTunnel(carrier, { host, port }, config.tunnel.proxy.host, config.tunnel.authorization));
      if (index === 0) proxyMs = performance.now() - proxyStart;
    }

    const attempt = attempts[index];
    if (!config.tls || !attempt) {
      recordSocketInfo(carrier, { startedAt, dnsMs, tcpMs, proxyMs, tlsMs: 0, tls: null, remoteAddress: address, requests: 0 });
      return carrier;
    }
    const tlsStart = performance.now();
    try {
      const secure = await handshake(carrier, config.tls, index, host, servername, live, config.keyLog);
      const tlsMs = performance.now() - tlsStart;
      const info: SocketInfo = { startedAt, dnsMs, tcpMs, proxyMs, tlsMs, tls: tlsDetails(secure, config.tls, host, port), remoteAddress: address, requests: 0 };
      recordSocketInfo(secure, info);
      secure.on('error', (error: Error & { code?: string }) => {
        if (error.code?.startsWith('ERR_SSL_')) info.lateTlsError = error;
      });
      return secure;
    } catch (error) {
      carrier.destroy();
      if (index < attempts.length - 1 && isProtocolVersionRefusal(error)) continue;
      throw error;
    }
  }
  throw new PosternError('NO_TLS_PROTOCOL', 'no TLS protocol range to try');
}

function tcpConnect(address: string, port: number, live: Set<Duplex>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port, noDelay: true, keepAlive: true, keepAliveInitialDelay: 60_000 });
    live.add(socket);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function handshake(
  carrier: Socket,
  config: TlsConnectConfig,
  attemptIndex: number,
  host: string,
  servername: string | null,
  live: Set<Duplex>,
  keyLog: ((line: Buffer) => void) | null = null,
): Promise<TLSSocket> {
  const attempt = config.attempts[attemptIndex] ?? config.attempts[0];
  const sni = servername || (net.isIP(host) ? undefined : host);
  const options: ConnectionOptions = {
    socket: carrier,
    ALPNProtocols: ['http/1.1'],
    rejectUnauthorized: config.rejectUnauthorized,
    honorCipherOrder: config.honorCipherOrder,
    ...(sni ? { servername: sni } : {}),
    // Node checks the name against `host` when no SNI is sent (IP literals).
    checkServerIdentity: (_name, cert) => tls.checkServerIdentity(host, cert),
    ...(attempt ? { minVersion: attempt.range.min, maxVersion: attempt.range.max } : {}),
    ...(attempt?.ciphers !== undefined ? { ciphers: attempt.ciphers } : {}),
    ...(config.ca ? { ca: [...config.ca] } : {}),
    ...(config.credential?.pfx ? { pfx: config.credential.pfx } : {}),
    ...(config.credential?.cert ? { cert: config.credential.cert } : {}),
    ...(config.credential?.key ? { key: config.credential.key } : {}),
    ...(config.credential?.passphrase !== undefined ? { passphrase: config.credential.passphrase } : {}),
  };
  return new Promise((resolve, reject) => {
    let socket: TLSSocket;
    try {
      socket = tls.connect(options);
    } catch (error) {
      reject(error);
      return;
    }
    live.add(socket);
    if (keyLog) socket.on('keylog', keyLog);
    socket.once('secureConnect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function tlsDetails(socket: TLSSocket, config: TlsConnectConfig, host: string, port: number): TlsDetails {
  const cipher = socket.getCipher();
  // getCertificate() gives {} when no certificate is configured.
  const raw = config.credential ? socket.getCertificate() : null;
  const local = raw && 'fingerprint256' in raw ? (raw as PeerCertificate) : null;
  const presented =
    config.credential && config.credentialFor && local?.fingerprint256
      ? {
          host: config.credentialFor.host,
          port: config.credentialFor.port,
          subject: distinguishedName(local.subject),
          fingerprint256: local.fingerprint256,
          source: config.credential.source,
        }
      : null;
  return {
    protocol: socket.getProtocol(),
    cipher: cipher ? { name: cipher.name, standardName: cipher.standardName, version: cipher.version } : null,
    alpn: socket.alpnProtocol || null,
    peerCertificates: peerChain(socket),
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    clientCertificate: presented,
    clientCertificateNote: presented ? null : config.noCertificateReason(host, port),
  };
}

function proxyPort(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
