import type { GroupHandlers } from './handlers.js';

/** `workspaces.*`: the top of everything on this device. */
export const workspaceHandlers: GroupHandlers<'workspaces'> = {
  'workspaces.list': async (ctx) => ({ workspaces: ctx.store.workspaces.list().map(({ id, name }) => ({ id, name })) }),
  'workspaces.create': async (ctx, input) => {
    const { id, name } = ctx.store.workspaces.create(input.name);
    return { id, name };
  },
  'workspaces.rename': async (ctx, input) => {
    ctx.store.workspaces.rename(input.workspaceId, input.name);
    const { id, name } = ctx.store.workspaces.get(input.workspaceId);
    return { id, name };
  },
  'workspaces.delete': async (ctx, input) => {
    ctx.store.workspaces.delete(input.workspaceId);
    return { deleted: true };
  },
};
