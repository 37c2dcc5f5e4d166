import { PosternError, type Variable } from '../model/index.js';
import type { GroupHandlers } from './handlers.js';

/** `secrets.reveal`: the one operation that returns a secret's plaintext, on an explicit user action. */
export const secretHandlers: GroupHandlers<'secrets'> = {
  'secrets.reveal': async (ctx, input) => {
    let variables: readonly Variable[];
    if (input.scope === 'environment') variables = ctx.store.environments.get(input.ownerId).values;
    else if (input.scope === 'globals') variables = ctx.store.environments.getGlobals(input.ownerId).values;
    else variables = ctx.store.collections.get(input.ownerId).variables;
    const variable = variables.find((v) => v.key === input.key);
    if (!variable) {
      throw new PosternError('STORE_NOT_FOUND', `no variable "${input.key}" in this ${input.scope}`, { path: 'input.key' });
    }
    const value = input.which === 'initial' ? variable.initialValue : (variable.currentValue ?? '');
    return { key: variable.key, value };
  },
};
