/**
 * The client side of the auth integration tests: a real Engine, and `send` doing what the runner does
 * around a request (prepare, authorize, send, answer a challenge once).
 */
import { Engine, prepareRequest, resolveSendOptions, responseText, type HttpResponse, type PreparedRequest } from '../../src/engine/index.js';
import { authorize, challengeResponse, type AuthDeps } from '../../src/auth/index.js';
import { RequestSchema, SettingsSchema, type Auth, type RequestInput } from '../../src/model/index.js';

export const engine = new Engine();
export const sendOptions = resolveSendOptions(SettingsSchema.parse({}));

/** Deps whose `send` goes through the engine; `sent` records every request it was asked to send. */
export function engineDeps(extra: Partial<AuthDeps> = {}): AuthDeps & { sent: PreparedRequest[] } {
  const sent: PreparedRequest[] = [];
  return {
    sent,
    send: (request) => {
      sent.push(request);
      return engine.sendPrepared(request, sendOptions);
    },
    ...extra,
  };
}

export interface Exchange {
  readonly response: HttpResponse;
  readonly text: string;
  /** Every request put on the wire, in order (two for a digest round trip). */
  readonly requests: PreparedRequest[];
}

export async function send(input: RequestInput, auth: Auth, deps: AuthDeps = engineDeps()): Promise<Exchange> {
  const requests: PreparedRequest[] = [];
  let request = await authorize(prepareRequest(RequestSchema.parse(input)), auth, deps);
  requests.push(request);
  let response = await engine.sendPrepared(request, sendOptions);
  const retry = await challengeResponse(request, auth, response, deps);
  if (retry !== null) {
    request = retry;
    requests.push(request);
    response = await engine.sendPrepared(request, sendOptions);
  }
  return { response, text: await responseText(response.body), requests };
}

export function headerOf(request: PreparedRequest, name: string): string | undefined {
  return request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}
