import { rm } from 'node:fs/promises';
import { buildUrl, prepareRequest, responseBytes, resolveSendOptions, type HttpResponse } from '../engine/index.js';
import { resolveRequest } from '../variables/index.js';
import type { Auth, Request } from '../model/index.js';
import type { ScriptHost, ScriptRequest, ScriptResponse } from '../scripts/types.js';
import { authorize, effectiveAuth } from '../auth/index.js';
import type { RunContext } from './context.js';
import { requestFromScript, fromScriptRequest, scriptCookies, toScriptRequest, toScriptResponse } from './script-request.js';
import { runScript, scriptChain, type ItemScriptState } from './script-step.js';
import type { RunnableItem } from './select-items.js';
import { folderVariables, runError, sendItemRequest, type SendOutcome } from './send-step.js';
import type { Execution, ResponseSummary, RunCursor } from './types.js';

export interface ItemOutcome {
  readonly execution: Execution;
  /** A request error, script error or failed assertion happened. */
  readonly failed: boolean;
  /** `setNextRequest`: undefined when not called, null to end the iteration, else a name or id. */
  readonly nextRequest: string | null | undefined;
}

/**
 * One request of one iteration, in Postman's order: pre-request scripts (collection, folders, request),
 * then unless a script skipped it the request (resolved, authorised, sent), then the test scripts in the
 * same order. Each script sees what the ones before it changed.
 */
export async function runItem(ctx: RunContext, entry: RunnableItem, cursor: RunCursor): Promise<ItemOutcome> {
  const { stats } = ctx.recorder;
  ctx.emit({ type: 'beforeItem', cursor, item: entry.ref });
  const state: ItemScriptState = { assertions: [], scripts: [], failed: false };
  const host = scriptHost(ctx, entry);
  const auth = inheritedAuth(ctx, entry);
  let request: Request = auth === undefined ? entry.item.request : { ...entry.item.request, auth };
  let nextRequest: string | null | undefined;
  let skipped = false;

  const prerequests = scriptChain(ctx.collection, entry.parents, entry.item, 'prerequest');
  if (prerequests.length > 0) {
    const original = toScriptRequest(request, entry.item, request.auth);
    let scriptRequest = original;
    const cookies = scriptCookies(ctx.engine.cookies, tryUrl(ctx, entry, request));
    for (const script of prerequests) {
      const output = await runScript(ctx, entry, cursor, state, 'prerequest', script, { request: scriptRequest, cookies, host });
      scriptRequest = output.request;
      if (output.nextRequest !== undefined) nextRequest = output.nextRequest;
      if (output.skipRequest) skipped = true;
      if (skipped || (ctx.bail && state.failed) || ctx.signal.aborted) break;
    }
    request = fromScriptRequest(request, original, scriptRequest);
  }
  stats.prerequests.total += 1;

  let sent: SendOutcome | undefined;
  let responseSummary: ResponseSummary | undefined;
  const stop = (): boolean => skipped || (ctx.bail && state.failed) || ctx.signal.aborted;
  if (!stop()) {
    sent = await sendItemRequest(ctx, entry, cursor, request);
    if (!sent.aborted) {
      stats.requests.total += 1;
      if (sent.error) {
        stats.requests.failed += 1;
        state.failed = true;
        ctx.recorder.failures.push({ error: sent.error, at: 'request', source: entry.ref, parent: entry.parent, cursor });
      }
    }
    const response = sent.response;
    const tests = scriptChain(ctx.collection, entry.parents, entry.item, 'test');
    const needBody = response !== undefined && (tests.length > 0 || ctx.keepResponseBodies);
    const bytes = needBody && response ? await responseBytes(response.body) : undefined;
    if (response) {
      ctx.recorder.addResponse(response.timings, response.size.body);
      responseSummary = summariseResponse(response, ctx.keepResponseBodies ? bytes : undefined);
    }
    // A request cut short by cancelling the run is not the request failing.
    const error = sent.aborted ? undefined : sent.error;
    ctx.emit({ type: 'request', cursor, item: entry.ref, request: sent.summary, response: responseSummary, error, unresolved: sent.unresolved, warnings: sent.warnings });

    if (tests.length > 0 && !stop()) {
      const scriptResponse: ScriptResponse | undefined = response ? toScriptResponse(response, bytes?.toString('utf8') ?? '') : undefined;
      const scriptRequest = toScriptRequest(request, entry.item, request.auth);
      const cookies = scriptCookies(ctx.engine.cookies, response ? new URL(response.url) : undefined);
      for (const script of tests) {
        const output = await runScript(ctx, entry, cursor, state, 'test', script, { request: scriptRequest, response: scriptResponse, cookies, host });
        if (output.nextRequest !== undefined) nextRequest = output.nextRequest;
        if ((ctx.bail && state.failed) || ctx.signal.aborted) break;
      }
    }
    if (response?.body.kind === 'file') await rm(response.body.path, { force: true });
  }
  stats.tests.total += 1;
  stats.items.total += 1;

  const execution: Execution = {
    cursor,
    item: entry.ref,
    ...(sent?.summary ? { request: sent.summary } : {}),
    ...(responseSummary ? { response: responseSummary } : {}),
    ...(sent?.error && !sent.aborted ? { requestError: sent.error } : {}),
    assertions: state.assertions,
    scripts: state.scripts,
    skipped,
  };
  ctx.recorder.executions.push(execution);
  ctx.emit({ type: 'item', cursor, item: entry.ref, execution });
  return { execution, failed: state.failed, nextRequest };
}

function inheritedAuth(ctx: RunContext, entry: RunnableItem): Auth | undefined {
  const levels = [ctx.collection.auth, ...entry.parents.map((folder) => folder.auth), entry.item.request.auth];
  return effectiveAuth(levels);
}

/** The request's URL resolved as it stands, for `pm.cookies` in pre-request scripts; none if it is not a URL yet. */
function tryUrl(ctx: RunContext, entry: RunnableItem, request: Request): URL | undefined {
  try {
    const resolver = ctx.variables.resolver(folderVariables(entry));
    const resolved = resolveRequest({ ...request, body: { mode: 'none' } }, resolver).request;
    return buildUrl(resolved.url, resolved.query, resolved.pathVariables);
  } catch {
    return undefined;
  }
}

function summariseResponse(response: HttpResponse, body: Buffer | undefined): ResponseSummary {
  return {
    code: response.status,
    status: response.statusText,
    headers: response.headers,
    responseTime: response.timings.total,
    responseSize: response.size.body,
    timings: response.timings,
    ...(body ? { body } : {}),
  };
}

const NODE_ERROR_CODES: Readonly<Record<string, string>> = {
  CONNECTION_REFUSED: 'ECONNREFUSED',
  CONNECTION_RESET: 'ECONNRESET',
  DNS_FAILURE: 'ENOTFOUND',
  HOST_UNREACHABLE: 'EHOSTUNREACH',
  CONNECT_TIMEOUT: 'ETIMEDOUT',
  REQUEST_TIMEOUT: 'ESOCKETTIMEDOUT',
};

function nodeErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (NODE_ERROR_CODES[code] ?? code) : undefined;
}

/** `pm.sendRequest`: sent as given (no variables), with the run's settings, cookie jar and cancellation. */
function scriptHost(ctx: RunContext, entry: RunnableItem): ScriptHost {
  return {
    async sendRequest(input: ScriptRequest | string): Promise<ScriptResponse> {
      const request = requestFromScript(input);
      let prepared = prepareRequest(request);
      const chain = [ctx.collection.protocolProfileBehavior, ...entry.parents.map((folder) => folder.protocolProfileBehavior)];
      const options = ctx.sendOptionsFloor(resolveSendOptions(ctx.settings, chain, { signal: ctx.signal }));
      if (request.auth && request.auth.type !== 'noauth') {
        prepared = await authorize(prepared, request.auth, { send: (next) => ctx.engine.sendPrepared(next, options), tokenCache: ctx.tokenCache });
      }
      try {
        const response = await ctx.engine.sendPrepared(prepared, options);
        const bytes = await responseBytes(response.body);
        if (response.body.kind === 'file') await rm(response.body.path, { force: true });
        return toScriptResponse(response, bytes.toString('utf8'));
      } catch (error) {
        // Scripts written for newman test err.code against Node's names (ECONNREFUSED…).
        const failure = new Error(runError(error).message, { cause: error }) as Error & { code?: string };
        const code = nodeErrorCode(error);
        if (code) failure.code = code;
        throw failure;
      }
    },
  };
}
