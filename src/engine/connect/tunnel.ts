import type { Duplex } from 'node:stream';
import { PosternError } from '../../model/index.js';

const MAX_RESPONSE_HEAD = 16 * 1024;

/**
 * Asks an HTTP proxy for a tunnel (`CONNECT host:port`) over an open socket and resolves once the proxy
 * answers 2xx. The TLS handshake with the target then runs inside the tunnel, so the request's TLS
 * profile and client certificate apply end to end, exactly as without a proxy.
 */
export function openTunnel(
  socket: Duplex,
  target: { host: string; port: number },
  proxyLabel: string,
  authorization: string | undefined,
): Promise<void> {
  const authority = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(new PosternError('PROXY_FAILURE', `proxy ${proxyLabel} closed the connection before answering CONNECT ${authority}`));
    };
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > MAX_RESPONSE_HEAD) {
          cleanup();
          reject(new PosternError('PROXY_FAILURE', `proxy ${proxyLabel} sent an oversized answer to CONNECT`));
        }
        return;
      }
      cleanup();
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      if (!match) {
        reject(new PosternError('PROXY_FAILURE', `proxy ${proxyLabel} sent a malformed answer to CONNECT: ${statusLine.slice(0, 80)}`));
        return;
      }
      const status = Number(match[1]);
      if (status >= 200 && status < 300) {
        resolve();
      } else if (status === 407) {
        reject(new PosternError('PROXY_AUTH', `proxy ${proxyLabel} requires authentication (407)${authorization ? '; the credentials were refused' : ''}`));
      } else {
        reject(new PosternError('PROXY_FAILURE', `proxy ${proxyLabel} refused CONNECT ${authority}: ${status} ${match[2] ?? ''}`.trim()));
      }
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (authorization) lines.push(`Proxy-Authorization: ${authorization}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}
