import { rm } from 'node:fs/promises';
import { authNotice, authorize, challengeResponse, effectiveAuth, type AuthDeps } from '../auth/index.js';
import { effectiveRequestTimeout, prepareRequest, resolveSendOptions, type HttpResponse, type PreparedRequest, type SendOptions } from '../engine/index.js';
import type { ParsedInputOf } from '../api/index.js';
import {
  PosternError,
  isPosternError,
  type Collection,
  type Environment,
  type Folder,
  type Globals,
  type ProtocolProfileBehavior,
  type Request,
  type Scripts,
  type Variable,
} from '../model/index.js';
import { applyPolicyFloor } from '../policy/index.js';
import type { RunVariables } from '../runner/index.js';
import { resolveClientCertificate, resolveRequest, type VariableResolver } from '../variables/index.js';
import { findItem } from './collection-views.js';
import type { ServiceContext } from './context.js';
import { effectiveSettings, type EffectiveSettings } from './effective-settings.js';
import { secretValuesOf } from './variable-views.js';

type SendInput = ParsedInputOf<'requests.send'>;

/** Where a send happens: its collection and folders, the request's own scripts and settings, the scopes it sees. */
export interface SendPlace {
  readonly workspaceId: string;
  readonly collection: Collection | undefined;
  /** Folders above the request, outermost first. */
  readonly parents: readonly Folder[];
  /** The request as scripts and messages name it, with its own scripts (as edited, else as saved). */
  readonly item: { readonly id: string; readonly name: string; readonly scripts: Scripts };
  /** The request as edited, with the auth it inherits in place. */
  readonly request: Request;
  /** The request's own settings (as edited, else as saved). */
  readonly behavior: ProtocolProfileBehavior | undefined;
  readonly globals: Globals;
  readonly environment: Environment | undefined;
  readonly settings: EffectiveSettings;
}

/** A request with its place resolved: variables, inherited auth and connection settings, secrets to mask. */
export interface SendPlan {
  /** The request as sent: variables resolved, inherited auth in place. */
  readonly resolved: Request;
  readonly resolver: VariableResolver;
  readonly options: SendOptions;
  /** Where the request timeout in force was set, for its error: `app settings`, `folder "Slow"`, `this request`. */
  readonly timeoutSource: string;
  readonly unresolved: readonly string[];
  readonly warnings: readonly string[];
  /** Every secret value of the scopes the request could see. */
  readonly secrets: readonly string[];
}

/** The folders above the request (outermost first), and the saved request item when there is one. */
function placeInCollection(collection: Collection, input: SendInput): { parents: readonly Folder[]; item: SendPlaceItem | undefined } {
  if (input.itemId !== null) {
    const found = findItem(collection.items, input.itemId);
    if (!found) throw new PosternError('STORE_NOT_FOUND', `no item "${input.itemId}" in collection "${collection.name}"`, { path: 'input.itemId' });
    const item = found.item.kind === 'request' ? found.item : undefined;
    return { parents: found.parents, item };
  }
  if (input.folderId !== null) {
    const found = findItem(collection.items, input.folderId);
    if (!found || found.item.kind !== 'folder') throw new PosternError('STORE_NOT_FOUND', `no folder "${input.folderId}" in collection "${collection.name}"`, { path: 'input.folderId' });
    return { parents: [...found.parents, found.item], item: undefined };
  }
  return { parents: [], item: undefined };
}

interface SendPlaceItem {
  readonly id: string;
  readonly name: string;
  readonly scripts: Scripts;
  readonly protocolProfileBehavior?: ProtocolProfileBehavior | undefined;
}

/**
 * Everything a send needs from the store before its scripts run: globals of the workspace, the
 * environment, the collection and folders above the request, and auth inherited down the folders.
 */
export function locateSend(ctx: ServiceContext, input: SendInput): SendPlace {
  ctx.store.workspaces.require(input.workspaceId);
  const globals = ctx.store.environments.getGlobals(input.workspaceId);
  const environment = input.environmentId === null ? undefined : ctx.store.environments.get(input.environmentId);
  const collection = input.collectionId === null ? undefined : ctx.store.collections.get(input.collectionId);
  const place = collection ? placeInCollection(collection, input) : { parents: [], item: undefined };
  const auth = effectiveAuth([collection?.auth, ...place.parents.map((folder) => folder.auth), input.request.auth]);
  const { auth: _own, ...withoutAuth } = input.request;
  return {
    workspaceId: input.workspaceId,
    collection,
    parents: place.parents,
    item: {
      id: place.item?.id ?? input.itemId ?? '',
      name: input.name ?? place.item?.name ?? 'Untitled request',
      scripts: input.scripts ?? place.item?.scripts ?? {},
    },
    request: auth === undefined ? withoutAuth : { ...withoutAuth, auth },
    behavior: input.protocolProfileBehavior ?? place.item?.protocolProfileBehavior,
    globals,
    environment,
    settings: effectiveSettings(ctx),
  };
}

/** Folder variables of the chain, outermost first: they sit between the collection's and the request. */
export function folderVariablesOf(place: SendPlace): Variable[] {
  return place.parents.flatMap((folder) => folder.variables);
}

/** The collection's, the folders' and the request's settings, outermost first, and how each is named. */
export function behaviorChain(place: SendPlace, withRequest: boolean): { chain: (ProtocolProfileBehavior | undefined)[]; names: string[] } {
  const chain = [place.collection?.protocolProfileBehavior, ...place.parents.map((folder) => folder.protocolProfileBehavior)];
  const names = [`collection "${place.collection?.name ?? ''}"`, ...place.parents.map((folder) => `folder "${folder.name}"`)];
  return withRequest ? { chain: [...chain, place.behavior], names: [...names, 'this request'] } : { chain, names };
}

/**
 * The request as it will be sent: `request` (after the pre-request scripts) resolved against the
 * scopes as the scripts left them, and the connection settings of settings ⊕ collection ⊕ folders ⊕
 * request, under the policy floor.
 */
export function planSend(place: SendPlace, request: Request, variables: RunVariables, signal: AbortSignal): SendPlan {
  const folderVariables = folderVariablesOf(place);
  const resolver = variables.resolver(folderVariables);
  const resolved = resolveRequest(request, resolver);
  const notice = resolved.request.auth ? authNotice(resolved.request.auth) : undefined;

  const state = place.settings;
  const { chain, names } = behaviorChain(place, true);
  const base = applyPolicyFloor(resolveSendOptions(state.effective, chain, { signal }), state.policy);
  const options = { ...base, clientCertificates: state.effective.clientCertificates.map((c) => resolveClientCertificate(c, resolver).value) };
  const timeout = effectiveRequestTimeout(state.effective, chain);
  return {
    resolved: resolved.request,
    resolver,
    options,
    timeoutSource: timeout.level < 0 ? 'app settings' : (names[timeout.level] ?? 'this request'),
    unresolved: resolved.unresolved,
    warnings: [...resolved.unresolved.map((name) => `variable {{${name}}} is not defined; sent as written`), ...(notice === undefined ? [] : [notice])],
    secrets: [
      ...new Set([
        ...resolver.secretValues(),
        ...secretValuesOf(place.globals.values, place.environment?.values, place.collection?.variables, folderVariables),
      ]),
    ],
  };
}

/** Prepare, authorise and send; a digest challenge gets its second round trip. A timeout says where its limit was set. */
export async function transmit(ctx: ServiceContext, plan: SendPlan): Promise<HttpResponse> {
  try {
    return await transmitOnce(ctx, plan);
  } catch (error) {
    if (isPosternError(error) && error.code === 'REQUEST_TIMEOUT') {
      throw new PosternError('REQUEST_TIMEOUT', `${error.message}, set in ${plan.timeoutSource}`, error.where, { cause: error });
    }
    throw error;
  }
}

async function transmitOnce(ctx: ServiceContext, plan: SendPlan): Promise<HttpResponse> {
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
