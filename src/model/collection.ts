import { z } from 'zod';
import { AuthSchema } from './auth.js';
import { KeyValueSchema } from './key-value.js';
import { ProtocolProfileBehaviorSchema } from './protocol-profile.js';
import { RequestSchema } from './request.js';
import { VariableSchema } from './variable.js';

/** Pre-request and test scripts as source text; empty when absent. */
export const ScriptsSchema = z.object({
  prerequest: z.string().optional(),
  test: z.string().optional(),
});
export type Scripts = z.infer<typeof ScriptsSchema>;

/** A saved example response (Postman's `response[]` on an item). */
export const SavedResponseSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  originalRequest: RequestSchema.optional(),
  status: z.string().optional(),
  code: z.number().int().optional(),
  headers: z.array(KeyValueSchema).default([]),
  body: z.string().default(''),
  previewLanguage: z.string().optional(),
  responseTime: z.number().nullable().optional(),
});
export type SavedResponse = z.infer<typeof SavedResponseSchema>;

export const RequestItemSchema = z.object({
  kind: z.literal('request'),
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  request: RequestSchema,
  responses: z.array(SavedResponseSchema).default([]),
  scripts: ScriptsSchema.default({}),
  protocolProfileBehavior: ProtocolProfileBehaviorSchema.optional(),
});
export type RequestItem = z.infer<typeof RequestItemSchema>;

export const FolderSchema = z.object({
  kind: z.literal('folder'),
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  get items() {
    return z.array(ItemSchema).default([]);
  },
  auth: AuthSchema.optional(),
  scripts: ScriptsSchema.default({}),
  variables: z.array(VariableSchema).default([]),
  protocolProfileBehavior: ProtocolProfileBehaviorSchema.optional(),
});
export type Folder = z.infer<typeof FolderSchema>;

export const ItemSchema = z.discriminatedUnion('kind', [RequestItemSchema, FolderSchema]);
export type Item = z.infer<typeof ItemSchema>;

export const CollectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  version: z.string().optional(),
  items: z.array(ItemSchema).default([]),
  auth: AuthSchema.optional(),
  scripts: ScriptsSchema.default({}),
  variables: z.array(VariableSchema).default([]),
  protocolProfileBehavior: ProtocolProfileBehaviorSchema.optional(),
});
export type Collection = z.infer<typeof CollectionSchema>;

/** Walk every request item with the chain of folders above it (outermost first). */
export function* walkRequests(
  items: readonly Item[],
  parents: readonly Folder[] = [],
): Generator<{ item: RequestItem; parents: readonly Folder[] }> {
  for (const item of items) {
    if (item.kind === 'request') yield { item, parents };
    else yield* walkRequests(item.items, [...parents, item]);
  }
}
