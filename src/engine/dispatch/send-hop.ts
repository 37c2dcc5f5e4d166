import { performance } from 'node:perf_hooks';
import type { Agent } from 'undici';
import { PosternError } from '../../model/index.js';
import { openBody } from '../request/body.js';
import type { Hop } from '../redirect/next-hop.js';
import type { ConnectionPlan } from '../pool/plan.js';
import { HopHandler, type HopLimits, type HopOutcome } from './hop-handler.js';
import type { HopTrace } from '../timing/trace.js';

/**
 * Sends one hop (one request, no redirects) on a pooled connection. `deadline` is an absolute
 * performance.now() time, or 0 for none.
 */
/** A failed hop, with what is known of the connection it used. */
export class HopFailure {
  constructor(
    readonly error: unknown,
    readonly trace: HopTrace,
  ) {}
}

export function sendHop(
  agent: Agent,
  plan: ConnectionPlan,
  hop: Hop,
  limits: HopLimits,
  timing: { readonly deadline: number; readonly timeoutMs: number },
  signal: AbortSignal | undefined,
): Promise<HopOutcome> {
  const { deadline, timeoutMs } = timing;
  const opened = openBody(hop.body);
  const headers: string[] = [];
  let hasContentType = false;
  let hasHost = false;
  for (const [name, value] of hop.headers) {
    const lower = name.toLowerCase();
    if (lower === 'host') hasHost = true;
    // undici derives these from the body it is given.
    if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection' || lower === 'keep-alive') continue;
    if (lower === 'content-type') hasContentType = true;
    headers.push(name, value);
  }
  if (!hasContentType && opened.contentType) headers.push('Content-Type', opened.contentType);
  if (opened.length !== null && opened.body !== null) headers.push('Content-Length', String(opened.length));
  if (plan.absoluteForm) {
    // undici would name the proxy in Host; the origin server's name belongs there.
    if (!hasHost) headers.push('Host', hop.url.host);
    if (plan.proxyAuthorization) headers.push('Proxy-Authorization', plan.proxyAuthorization);
  }

  const path = plan.absoluteForm ? hop.url.href : `${hop.url.pathname}${hop.url.search}`;
  return new Promise<HopOutcome>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const handler = new HopHandler(
      limits,
      (outcome) => {
        cleanup();
        resolve(outcome);
      },
      (error) => {
        cleanup();
        reject(new HopFailure(error, handler.trace));
      },
    );
    const onAbort = (): void => handler.abort(new PosternError('ABORTED', 'the request was cancelled'));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (deadline > 0) {
      const remaining = Math.max(0, deadline - performance.now());
      timer = setTimeout(() => handler.abort(new PosternError('REQUEST_TIMEOUT', `no complete response within the request timeout (${timeoutMs} ms)`)), remaining);
    }
    try {
      agent.dispatch(
        {
          origin: plan.dispatchOrigin,
          path,
          method: hop.method,
          headers,
          // undici streams async iterables too; its typings omit them.
          body: opened.body as Parameters<Agent['dispatch']>[0]['body'],
          reset: false,
        },
        handler,
      );
    } catch (error) {
      cleanup();
      reject(error);
    }
  });
}
