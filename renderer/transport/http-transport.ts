import { readWireResult, type EventName, type OperationName, type PosternTransport, type Subscription, type WireError, type WireResult } from '../../src/api/index.js';
import { takeAgentToken } from './agent-token.js';
import { pageEnv, type BrowserEnv } from './browser-env.js';
import { EventChannel } from './event-channel.js';

export interface HttpTransportOptions {
  /** The agent's origin; default the page's own (`location.origin`). */
  readonly baseUrl?: string;
  /** Default: taken from `#token=…` in the page URL (see agent-token.ts). */
  readonly token?: string;
  /** Browser facilities; default the page's globals. */
  readonly env?: BrowserEnv;
}

/** Must match src/agent/api-call.ts. */
const CALL_PATH = '/api/call';

/**
 * Browser mode's transport: calls go as `POST /api/call` with the token in `Authorization`, events
 * come over one WebSocket, and a subscription is ready once the agent has acknowledged it there. Every failure is a WireResult, never a throw, so `createPosternApi` turns
 * it into a PosternCallError with a code:
 *   AGENT_UNAUTHORIZED (no or wrong token), AGENT_FORBIDDEN (Origin/Host refused),
 *   AGENT_UNREACHABLE (the agent is not running), AGENT_PROTOCOL (an answer that is not a WireResult).
 *
 * Usage in the renderer: `window.postern = createPosternApi(httpTransport())`.
 */
export function httpTransport(options: HttpTransportOptions = {}): PosternTransport {
  const env = options.env ?? pageEnv();
  const baseUrl = (options.baseUrl ?? env.location.origin).replace(/\/+$/, '');
  const token = options.token ?? takeAgentToken(env);
  const events = new EventChannel(env, baseUrl, token);

  return {
    async invoke(name: OperationName, input: unknown): Promise<WireResult<unknown>> {
      if (token === undefined) return failure('AGENT_UNAUTHORIZED', 'no agent token: open the URL that `postern web` printed');
      let status: number;
      let text: string;
      try {
        const response = await env.fetch(`${baseUrl}${CALL_PATH}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ name, input }),
          credentials: 'omit',
          cache: 'no-store',
          redirect: 'error',
          referrerPolicy: 'no-referrer',
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return failure('AGENT_UNREACHABLE', `the Postern agent at ${baseUrl} is not reachable (${reason}); is \`postern web\` still running?`);
      }
      const result = asWireResult(text);
      if (result !== undefined) return result;
      if (status === 401) return failure('AGENT_UNAUTHORIZED', 'the agent refused the token: open the URL that `postern web` printed');
      if (status === 403) return failure('AGENT_FORBIDDEN', 'the agent refused this page');
      return failure('AGENT_PROTOCOL', `the agent answered HTTP ${status} without a result`);
    },
    subscribe(event: EventName, listener: (payload: unknown) => void): Subscription {
      return events.subscribe(event, listener);
    },
  };
}

function failure(code: string, message: string): WireResult<never> {
  const error: WireError = { code, message };
  return { ok: false, error };
}

/** The agent answers every call, refusals included, with a WireResult; anything else is not one. */
function asWireResult(text: string): WireResult<unknown> | undefined {
  try {
    return readWireResult(JSON.parse(text));
  } catch {
    return undefined;
  }
}
