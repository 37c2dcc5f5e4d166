import { rm } from 'node:fs/promises';
import { authNotice, authorize, challengeResponse, effectiveAuth, type AuthDeps } from '../auth/index.js';
import { prepareRequest, resolveSendOptions, type HttpResponse, type PreparedRequest, type SendOptions } from '../engine/index.js';
import type { ParsedInputOf } from '../api/index.js';
import { PosternError, type Collection, type Folder, type ProtocolProfileBehavior, type Request, type Variable } from '../model/index.js';
import { applyPolicyFloor } from '../policy/index.js';
import { createResolver, resolveClientCertificate, resolveRequest, type VariableResolver } from '../variables/index.js';
import { findItem } from './collection-views.js';
import type { ServiceContext } from './context.js';
import { effectiveSettings } from './effective-settings.js';
import { secretValuesOf } from './variable-views.js';

type SendInput = ParsedInputOf<'requests.send'>;

/** A request with its place resolved: variables, inherited auth and connection settings, secrets to mask. */
export interface SendPlan {
  /** The request as sent: variables resolved, inherited auth in place. */
  readonly resolved: Request;
  readonly resolver: VariableResolver;
  readonly options: SendOptions;
  readonly unresolved: readonly string[];
  readonly warnings: readonly string[];
  /** Every secret value of the scopes the request could see. */
  readonly secrets: readonly string[];
}

/** The folders above the request (outermost first), and the request item's own settings when it is saved. */
function placeInCollection(collection: Collection, input: SendInput): { parents: readonly Folder[]; itemBehavior: ProtocolProfileBehavior | undefined } {
  if (input.itemId !== null) {
    const found = findItem(collection.items, input.itemId);
    if (!found) throw new PosternError('STORE_NOT_FOUND', `no item "${input.itemId}" in collection "${collection.name}"`, { path: 'input.itemId' });
    return { parents: found.parents, itemBehavior: found.item.protocolProfileBehavior };
  }
  if (input.folderId !== null) {
    const found = findItem(collection.items, input.folderId);
    if (!found || found.item.kind !== 'folder') throw new PosternError('STORE_NOT_FOUND', `no folder "${input.folderId}" in collection "${collection.name}"`, { path: 'input.folderId' });
    return { parents: [...found.parents, found.item], itemBehavior: undefined };
  }
  return { parents: [], itemBehavior: undefined };
}

/**
 * Everything a send needs, from the store: globals of the workspace, the environment, collection and
 * folder variables (secret current values opened by the vault), auth inherited down the folders, and
 * the TLS profile of settings ⊕ collection ⊕ folders ⊕ request, under the policy floor.
 */
export function planSend(ctx: ServiceContext, input: SendInput, signal: AbortSignal): SendPlan {
  ctx.store.workspaces.require(input.workspaceId);
  const globals = ctx.store.environments.getGlobals(input.workspaceId).values;
  const environment: readonly Variable[] | undefined = input.environmentId === null ? undefined : ctx.store.environments.get(input.environmentId).values;
  const collection = input.collectionId === null ? undefined : ctx.store.collections.get(input.collectionId);
  const place = collection ? placeInCollection(collection, input) : { parents: [], itemBehavior: undefined };
  const collectionVariables = [...(collection?.variables ?? []), ...place.parents.flatMap((folder) => folder.variables)];
  const resolver = createResolver({ globals, collection: collectionVariables, ...(environment ? { environment } : {}) });

  const auth = effectiveAuth([collection?.auth, ...place.parents.map((folder) => folder.auth), input.request.auth]);
  const { auth: _own, ...withoutAuth } = input.request;
  const request: Request = auth === undefined ? withoutAuth : { ...withoutAuth, auth };
  const resolved = resolveRequest(request, resolver);
  const notice = resolved.request.auth ? authNotice(resolved.request.auth) : undefined;

  const state = effectiveSettings(ctx);
  const chain = [collection?.protocolProfileBehavior, ...place.parents.map((folder) => folder.protocolProfileBehavior), place.itemBehavior];
  const base = applyPolicyFloor(resolveSendOptions(state.effective, chain, { signal }), state.policy);
  const options = { ...base, clientCertificates: state.effective.clientCertificates.map((c) => resolveClientCertificate(c, resolver).value) };
  return {
    resolved: resolved.request,
    resolver,
    options,
    unresolved: resolved.unresolved,
    warnings: [...resolved.unresolved.map((name) => `variable {{${name}}} is not defined; sent as written`), ...(notice === undefined ? [] : [notice])],
    secrets: [...new Set([...resolver.secretValues(), ...secretValuesOf(globals, environment, collectionVariables)])],
  };
}

/** Prepare, authorise and send; a digest challenge gets its second round trip. */
export async function transmit(ctx: ServiceContext, plan: SendPlan): Promise<HttpResponse> {
  let prepared: PreparedRequest = prepareRequest(plan.resolved);
  const auth = plan.resolved.auth;
  const deps: AuthDeps = { send: (next) => ctx.engine.sendPrepared(next, plan.options), now: ctx.clock };
  if (auth && auth.type !== 'noauth') prepared = await authorize(prepared, auth, deps);
  const response = await ctx.engine.sendPrepared(prepared, plan.options);
  if (response.status !== 401 || !auth || auth.type === 'noauth') return response;
  const retry = await challengeResponse(prepared, auth, response, deps);
  if (!retry) return response;
  if (response.body.kind === 'file') await rm(response.body.path, { force: true });
  return ctx.engine.sendPrepared(retry, plan.options);
}
