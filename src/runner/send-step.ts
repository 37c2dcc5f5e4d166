import { rm } from 'node:fs/promises';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { prepareRequest, resolveSendOptions, type HttpResponse, type PreparedRequest, type SendOptions } from '../engine/index.js';
import { isPosternError, type Body, type ClientCertificate, type Request, type Variable } from '../model/index.js';
import { createSecretMasker, resolveClientCertificate, resolveRequest, type SecretMasker, type VariableResolver } from '../variables/index.js';
import { authNotice, authorize, challengeResponse, type AuthDeps } from '../auth/index.js';
import type { RunContext } from './context.js';
import type { RunnableItem } from './select-items.js';
import type { RequestSummary, RunCursor, RunError } from './types.js';

export interface SendOutcome {
  readonly summary?: RequestSummary | undefined;
  readonly response?: HttpResponse | undefined;
  readonly error?: RunError | undefined;
  /** The error came from the run being cancelled, not from the request. */
  readonly aborted: boolean;
  readonly unresolved: readonly string[];
  readonly warnings: readonly string[];
}

/** Folder variables of the chain, outermost first, for resolution. */
export function folderVariables(entry: RunnableItem): Variable[] {
  return entry.parents.flatMap((folder) => folder.variables);
}

/**
 * Sends one item's request: variables resolved against the run's scopes, file paths against the working
 * directory, the connection settings inherited (collection → folders → request), inherited auth applied,
 * and a digest challenge answered with a second round trip.
 */
export async function sendItemRequest(ctx: RunContext, entry: RunnableItem, cursor: RunCursor, request: Request): Promise<SendOutcome> {
  const resolver = ctx.variables.resolver(folderVariables(entry));
  const resolved = resolveRequest(request, resolver);
  const unresolved = resolved.unresolved;
  const auth = resolved.request.auth;
  const notice = auth ? authNotice(auth) : undefined;
  const warnings = [
    ...unresolved.map((name) => `variable {{${name}}} is not defined; sent as written`),
    ...(notice === undefined ? [] : [notice]),
  ];
  const mask = maskerFor(resolver);
  let prepared: PreparedRequest;
  try {
    prepared = prepareRequest(withWorkingDir(resolved.request, ctx.workingDir));
  } catch (error) {
    return { error: runError(error), aborted: false, unresolved, warnings };
  }
  const options = sendOptionsFor(ctx, entry, prepared.url, resolver);
  const deps: AuthDeps = { send: (next) => ctx.engine.sendPrepared(next, options), tokenCache: ctx.tokenCache };
  let summary: RequestSummary | undefined;
  try {
    if (auth && auth.type !== 'noauth') prepared = await authorize(prepared, auth, deps);
    summary = summarise(prepared, mask);
    ctx.emit({ type: 'beforeRequest', cursor, item: entry.ref, request: summary });
    let response = await ctx.engine.sendPrepared(prepared, options);
    if (response.status === 401 && auth && auth.type !== 'noauth') {
      const retry = await challengeResponse(prepared, auth, response, deps);
      if (retry) {
        await discardBody(response);
        prepared = retry;
        summary = summarise(prepared, mask);
        response = await ctx.engine.sendPrepared(prepared, options);
      }
    }
    return { summary, response, aborted: false, unresolved, warnings };
  } catch (error) {
    return { summary, error: runError(error), aborted: ctx.signal.aborted, unresolved, warnings };
  }
}

function sendOptionsFor(ctx: RunContext, entry: RunnableItem, url: URL, resolver: VariableResolver): SendOptions {
  const chain = [ctx.collection.protocolProfileBehavior, ...entry.parents.map((folder) => folder.protocolProfileBehavior), entry.item.protocolProfileBehavior];
  const options = ctx.sendOptionsFloor(resolveSendOptions(ctx.settings, chain, { signal: ctx.signal }));
  const configured = ctx.settings.clientCertificates;
  if (configured.length === 0 && !ctx.anyHostCertificate) return options;
  const certificates: ClientCertificate[] = configured.map((certificate) => resolveClientCertificate(certificate, resolver).value);
  if (ctx.anyHostCertificate) {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    certificates.push(resolveClientCertificate({ ...ctx.anyHostCertificate, host: url.hostname, port, enabled: true }, resolver).value);
  }
  return { ...options, clientCertificates: certificates };
}

/** Relative body file paths (file body, form-data files) are taken from the working directory. */
function withWorkingDir(request: Request, workingDir: string): Request {
  const absolute = (path: string): string => (path === '' || isAbsolute(path) ? path : resolvePath(workingDir, path));
  const body: Body = request.body;
  if (body.mode === 'file') return { ...request, body: { ...body, file: { ...body.file, src: absolute(body.file.src) } } };
  if (body.mode === 'formdata') {
    return {
      ...request,
      body: { ...body, formdata: body.formdata.map((field) => (field.type === 'file' ? { ...field, src: field.src.map(absolute) } : field)) },
    };
  }
  return request;
}

function maskerFor(resolver: VariableResolver): SecretMasker | undefined {
  const secrets = resolver.secretValues();
  return secrets.length === 0 ? undefined : createSecretMasker(secrets);
}

/** What was sent, for events and reports; secret variables' values are masked. */
function summarise(prepared: PreparedRequest, mask: SecretMasker | undefined): RequestSummary {
  const hide = mask ?? ((text: string) => text);
  const body = prepared.body.kind === 'bytes' ? prepared.body.bytes.toString('utf8') : undefined;
  return {
    method: prepared.method,
    url: hide(prepared.url.href),
    headers: prepared.headers.map(([name, value]) => [name, hide(value)] as const),
    ...(body === undefined ? {} : { body: hide(body) }),
  };
}

export function runError(error: unknown): RunError {
  if (isPosternError(error)) return { name: 'Error', message: error.toLine(), code: error.code };
  const err = error instanceof Error ? error : new Error(String(error));
  return { name: err.name, message: err.message };
}

async function discardBody(response: HttpResponse): Promise<void> {
  if (response.body.kind === 'file') await rm(response.body.path, { force: true });
}
