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
}

const infos = new WeakMap<Socket, SocketInfo>();

export function recordSocketInfo(socket: Socket, info: SocketInfo): void {
  infos.set(socket, info);
}

export function socketInfo(socket: Socket): SocketInfo | undefined {
  return infos.get(socket);
}
