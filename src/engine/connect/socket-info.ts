import type { Socket } from 'node:net';
import type { TlsDetails } from '../types.js';

/** What the connector learnt while opening a connection; read back when a request uses the socket. */
export interface SocketInfo {
  readonly startedAt: number;
  readonly dnsMs: number;
  readonly tcpMs: number;
  readonly proxyMs: number;
  readonly tlsMs: number;
  readonly tls: TlsDetails | null;
  readonly remoteAddress: string | null;
  /** Requests sent on this socket so far; the first one is charged the connection phases. */
  requests: number;
  /**
   * A TLS error the socket raised after the handshake: under TLS 1.3 a server refuses a client
   * certificate only then, and undici reports just "other side closed".
   */
  lateTlsError?: Error;
}

const infos = new WeakMap<Socket, SocketInfo>();

export function recordSocketInfo(socket: Socket, info: SocketInfo): void {
  infos.set(socket, info);
}

export function socketInfo(socket: Socket): SocketInfo | undefined {
  return infos.get(socket);
}
