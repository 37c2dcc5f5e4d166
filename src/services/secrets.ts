import { PosternError, type Variable } from '../model/index.js';
import { findItem } from './collection-views.js';
import type { GroupHandlers } from './handlers.js';
import type { ServiceContext } from './context.js';

/** A collection's own variables, or those of one of its folders. */
function collectionVariables(ctx: ServiceContext, collectionId: string, folderId: string | undefined): readonly Variable[] {
  const collection = ctx.store.collections.get(collectionId);
  if (folderId === undefined) return collection.variables;
  const found = findItem(collection.items, folderId);
  if (found?.item.kind !== 'folder') throw new PosternError('STORE_NOT_FOUND', `no folder "${folderId}" in collection "${collection.name}"`, { path: 'input.folderId' });
  return found.item.variables;
}

/** `secrets.reveal`: the one operation that returns a secret's plaintext, on an explicit user action. */
export const secretHandlers: GroupHandlers<'secrets'> = {
  'secrets.reveal': async (ctx, input) => {
    if (input.folderId !== undefined && input.scope !== 'collection') {
      throw new PosternError('INVALID_INPUT', 'secrets.reveal: folderId goes with scope "collection" only', { path: 'input.folderId' });
    }
    let variables: readonly Variable[];
    if (input.scope === 'environment') variables = ctx.store.environments.get(input.ownerId).values;
    else if (input.scope === 'globals') variables = ctx.store.environments.getGlobals(input.ownerId).values;
    else variables = collectionVariables(ctx, input.ownerId, input.folderId);
    const variable = variables.find((v) => v.key === input.key);
    if (!variable) {
      throw new PosternError('STORE_NOT_FOUND', `no variable "${input.key}" in this ${input.folderId === undefined ? input.scope : 'folder'}`, { path: 'input.key' });
    }
    const value = input.which === 'initial' ? variable.initialValue : (variable.currentValue ?? '');
    return { key: variable.key, value };
  },
};
