import { randomUUID } from 'node:crypto';
import { PosternError, type Item } from '../model/index.js';
import type { ParsedInputOf } from '../api/index.js';
import { itemView, placeOf } from './collection-views.js';
import type { GroupHandlers } from './handlers.js';
import { applyVariableEdits } from './variable-views.js';

type ItemPatch = ParsedInputOf<'items.update'>['patch'];

function wrongKind(field: string, kind: Item['kind']): PosternError {
  return new PosternError('INVALID_INPUT', `items.update: patch.${field} does not apply to a ${kind}`, { path: `input.patch.${field}` });
}

/** The item with the patch's fields applied; fields that belong to the other kind are refused, naming them. */
function patched(item: Item, patch: ItemPatch): Item {
  const common = {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.description === undefined ? {} : { description: patch.description }),
    ...(patch.scripts === undefined ? {} : { scripts: patch.scripts }),
  };
  const { protocolProfileBehavior: _old, ...withoutPpb } = item;
  const protocol =
    patch.protocolProfileBehavior === undefined
      ? item.protocolProfileBehavior === undefined ? {} : { protocolProfileBehavior: item.protocolProfileBehavior }
      : patch.protocolProfileBehavior === null ? {} : { protocolProfileBehavior: patch.protocolProfileBehavior };
  if (item.kind === 'request') {
    if (patch.auth !== undefined) throw wrongKind('auth', 'request');
    if (patch.variables !== undefined) throw wrongKind('variables', 'request');
    const base = withoutPpb as Omit<typeof item, 'protocolProfileBehavior'>;
    return {
      ...base,
      ...common,
      ...protocol,
      ...(patch.request === undefined ? {} : { request: patch.request }),
      ...(patch.responses === undefined ? {} : { responses: patch.responses }),
    };
  }
  if (patch.request !== undefined) throw wrongKind('request', 'folder');
  if (patch.responses !== undefined) throw wrongKind('responses', 'folder');
  const { auth, ...folder } = withoutPpb as Omit<typeof item, 'protocolProfileBehavior'>;
  const nextAuth = patch.auth === undefined ? auth : patch.auth === null ? undefined : patch.auth;
  return {
    ...folder,
    ...common,
    ...protocol,
    ...(nextAuth === undefined ? {} : { auth: nextAuth }),
    ...(patch.variables === undefined ? {} : { variables: applyVariableEdits(item.variables, patch.variables) }),
  };
}

/** A deep copy with fresh ids, so the copy and the original never share one. */
function copyWithNewIds(item: Item): Item {
  if (item.kind === 'request') return { ...item, id: randomUUID() };
  return { ...item, id: randomUUID(), items: item.items.map(copyWithNewIds) };
}

/** `items.*`: requests and folders one at a time. */
export const itemHandlers: GroupHandlers<'items'> = {
  'items.add': async (ctx, input) => {
    const id = ctx.store.items.add(input.collectionId, input.parentId, input.item, input.index);
    return { item: itemView(ctx.store.items.get(input.collectionId, id)) };
  },
  'items.update': async (ctx, input) => {
    const before = ctx.store.items.get(input.collectionId, input.itemId);
    ctx.store.items.update(input.collectionId, patched(before, input.patch));
    return { item: itemView(ctx.store.items.get(input.collectionId, input.itemId)) };
  },
  'items.move': async (ctx, input) => {
    ctx.store.items.move(input.collectionId, input.itemId, input.parentId, input.index);
    return { moved: true };
  },
  'items.delete': async (ctx, input) => {
    ctx.store.items.delete(input.collectionId, input.itemId);
    return { deleted: true };
  },
  'items.duplicate': async (ctx, input) => {
    const original = ctx.store.items.get(input.collectionId, input.itemId);
    const place = placeOf(ctx.store.collections.tree(input.collectionId).items, input.itemId);
    const copy = { ...copyWithNewIds(original), name: `${original.name} Copy` };
    const id = ctx.store.items.add(input.collectionId, place?.parentId ?? null, copy, place ? place.index + 1 : undefined);
    return { item: itemView(ctx.store.items.get(input.collectionId, id)) };
  },
};
