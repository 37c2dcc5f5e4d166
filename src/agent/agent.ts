import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { PosternError } from '../model/index.js';
import { handleApiCall } from './api-call.js';
import { createEventsSocket } from './events-socket.js';
import { checkRequestSource, setSecurityHeaders } from './guard.js';
import { closeAfterResponse, sendText, sendWireError } from './http-io.js';
import { openStaticSite } from './static-files.js';
import { generateAgentToken, isUsableAgentToken } from './token.js';
import type { AgentOptions, RunningAgent } from './types.js';
import { AGENT_FORBIDDEN } from './authorize.js';

/** Only loopback: the agent is for the person at this machine, never the network. */
export const AGENT_HOST = '127.0.0.1';
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Start browser mode: the renderer's files and the contract (`POST /api/call`, WebSocket
 * `/api/events`) on 127.0.0.1, behind a token and Host/Origin checks (see guard.ts and authorize.ts).
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const token = options.token ?? generateAgentToken();
  if (!isUsableAgentToken(token)) throw new PosternError('INVALID_INPUT', 'agent token must be at least 32 characters of A-Z, a-z, 0-9, "-" and "_"', { path: 'token' });
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) throw new PosternError('INVALID_INPUT', `port must be 0-65535, got ${requestedPort}`, { path: 'port' });
  const site = await openStaticSite(options.staticDir);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  let port = requestedPort;
  const server = createServer();
  const events = createEventsSocket({ get port() { return port; }, token, backend: options.handlers });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void route(request, response).catch(() => {
      if (!response.headersSent) sendText(response, 500, 'internal error\n');
      else response.destroy();
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => events.handleUpgrade(request, socket, head));
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const isApi = path === '/api' || path.startsWith('/api/');
    // Host and Origin first, for every path: a rebinding page gets nothing, not even our files.
    const source = checkRequestSource(request, port, isApi);
    setSecurityHeaders(response, source.ok ? source.origin : `http://${AGENT_HOST}:${port}`);
    if (!source.ok) {
      closeAfterResponse(response);
      if (isApi) sendWireError(response, 403, { code: AGENT_FORBIDDEN, message: source.message });
      else sendText(response, 403, `${source.message}\n`);
      return;
    }
    if (path === '/api/call') return handleApiCall(request, response, { port, token, backend: options.handlers, maxBodyBytes });
    if (isApi) {
      closeAfterResponse(response);
      return sendWireError(response, 404, { code: 'INVALID_INPUT', message: `no API endpoint ${path.slice(0, 100)}` });
    }
    return site.serve(request, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: AGENT_HOST, port: requestedPort, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const reason = code === 'EADDRINUSE' ? 'is in use' : code === 'EACCES' ? 'is not allowed' : 'cannot be opened';
    throw new PosternError('INVALID_INPUT', `port ${requestedPort} on ${AGENT_HOST} ${reason}; choose another with --port (0 picks a free one)`);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new PosternError('INVALID_INPUT', 'the agent did not get a TCP port');
  port = address.port;
  const origin = `http://${AGENT_HOST}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    uiBuilt: site.built,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await events.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}
