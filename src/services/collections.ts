import { randomUUID } from 'node:crypto';
import { importCurl, stringifyPostmanCollection } from '../formats/index.js';
import type { Collection, Item, Variable } from '../model/index.js';
import { collectionSummary, collectionView, treeNodes } from './collection-views.js';
import { workspaceOfCollection, type ServiceContext } from './context.js';
import type { GroupHandlers } from './handlers.js';
import { applyVariableEdits } from './variable-views.js';

/** A curl command (browser "Copy as cURL") becomes a collection with that one request. */
function curlCollection(fileName: string, text: string): Collection {
  const { request } = importCurl(text);
  const name = fileName.replace(/\.[^.]+$/, '') || 'Imported request';
  const item: Item = { kind: 'request', id: randomUUID(), name: `${request.method} ${request.url}`, request, responses: [], scripts: {} };
  return { id: randomUUID(), name, items: [item], scripts: {}, variables: [] };
}

/** Exports leave out every current value: they are this device's, and a secret's never leaves it. */
function withoutCurrentValues(variables: readonly Variable[]): Variable[] {
  return variables.map(({ currentValue: _current, ...kept }) => kept);
}

function stripItem(item: Item): Item {
  if (item.kind === 'request') return item;
  return { ...item, variables: withoutCurrentValues(item.variables), items: item.items.map(stripItem) };
}

/** A whole-collection rewrite, for patches the store's update cannot express (clearing auth or protocol settings). */
function rewrite(ctx: ServiceContext, collectionId: string, change: (collection: Collection) => Collection): void {
  const workspaceId = workspaceOfCollection(ctx, collectionId);
  ctx.store.collections.put(workspaceId, change(ctx.store.collections.get(collectionId)), true);
}

/** `collections.*`: listing, the sidebar tree, whole collections, import and export. */
export const collectionHandlers: GroupHandlers<'collections'> = {
  'collections.list': async (ctx, input) => {
    ctx.store.workspaces.require(input.workspaceId);
    return { collections: ctx.store.collections.list(input.workspaceId).map((c) => collectionSummary(ctx, c.id)) };
  },
  'collections.tree': async (ctx, input) => {
    const tree = ctx.store.collections.tree(input.collectionId);
    return { id: tree.id, name: tree.name, children: treeNodes(tree.items) };
  },
  'collections.get': async (ctx, input) => collectionView(ctx.store.collections.get(input.collectionId)),
  'collections.import': async (ctx, input) => {
    ctx.store.workspaces.require(input.workspaceId);
    const { fileName, text } = input.file;
    const id = /^\s*curl\s/i.test(text)
      ? ctx.store.collections.put(input.workspaceId, curlCollection(fileName, text), false)
      : ctx.store.collections.import(input.workspaceId, text, { file: fileName, replace: false });
    return { collection: collectionSummary(ctx, id), warnings: [] };
  },
  'collections.export': async (ctx, input) => {
    const collection = ctx.store.collections.get(input.collectionId);
    const stripped: Collection = { ...collection, variables: withoutCurrentValues(collection.variables), items: collection.items.map(stripItem) };
    const safeName = collection.name.replace(/[\\/:*?"<>|]+/g, '_');
    return { fileName: `${safeName}.postman_collection.json`, text: stringifyPostmanCollection(stripped) };
  },
  'collections.create': async (ctx, input) => collectionSummary(ctx, ctx.store.collections.create(input.workspaceId, input.name)),
  'collections.update': async (ctx, input) => {
    const { collectionId, patch } = input;
    const needsStored = patch.variables !== undefined || patch.auth === null || patch.protocolProfileBehavior === null;
    const stored = needsStored ? ctx.store.collections.get(collectionId) : undefined;
    const variables = patch.variables && stored ? applyVariableEdits(stored.variables, patch.variables) : undefined;
    // A settings tab saves every field, null for "none": clearing what is not set changes nothing, so
    // only a real clear pays for the whole-collection rewrite.
    const clearsAuth = patch.auth === null && stored?.auth !== undefined;
    const clearsBehavior = patch.protocolProfileBehavior === null && Object.keys(stored?.protocolProfileBehavior ?? {}).length > 0;
    if (clearsAuth || clearsBehavior) {
      rewrite(ctx, collectionId, (collection) => {
        const { auth, protocolProfileBehavior, ...rest } = collection;
        return {
          ...rest,
          ...(patch.auth === null ? {} : { auth: patch.auth ?? auth }),
          ...(patch.protocolProfileBehavior === null ? {} : { protocolProfileBehavior: patch.protocolProfileBehavior ?? protocolProfileBehavior }),
          ...(patch.name === undefined ? {} : { name: patch.name }),
          ...(patch.description === undefined ? {} : { description: patch.description }),
          ...(patch.scripts === undefined ? {} : { scripts: patch.scripts }),
          ...(variables === undefined ? {} : { variables }),
        };
      });
    } else {
      ctx.store.collections.update(collectionId, {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
        ...(patch.auth === undefined || patch.auth === null ? {} : { auth: patch.auth }),
        ...(patch.scripts === undefined ? {} : { scripts: patch.scripts }),
        ...(patch.protocolProfileBehavior === undefined || patch.protocolProfileBehavior === null ? {} : { protocolProfileBehavior: patch.protocolProfileBehavior }),
        ...(variables === undefined ? {} : { variables }),
      });
    }
    return collectionSummary(ctx, collectionId);
  },
  'collections.delete': async (ctx, input) => {
    ctx.store.collections.delete(input.collectionId);
    return { deleted: true };
  },
};
