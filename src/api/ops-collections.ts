import { z } from 'zod';
import {
  AuthSchema,
  CollectionSchema,
  FolderSchema,
  ItemSchema,
  ProtocolProfileBehaviorSchema,
  RequestItemSchema,
  RequestSchema,
  SavedResponseSchema,
  ScriptsSchema,
} from '../model/index.js';
import { DeletedSchema, FileTextSchema, IdSchema, ImportWarningsSchema, NoInputSchema, TimestampSchema, VariableEditSchema, VariableViewSchema } from './common.js';

export const WorkspaceViewSchema = z.strictObject({ id: IdSchema, name: z.string() });

export const CollectionSummarySchema = z.strictObject({
  id: IdSchema,
  name: z.string(),
  requestCount: z.number().int().min(0),
  updatedAt: TimestampSchema.optional(),
});

/** A node of the sidebar tree: just enough to draw it, so a 10,000-request tree is cheap. */
export interface TreeNode {
  kind: 'folder' | 'request';
  id: string;
  name: string;
  method?: string | undefined;
  children?: TreeNode[] | undefined;
}
export const TreeNodeSchema: z.ZodType<TreeNode> = z.lazy(() =>
  z.strictObject({
    kind: z.enum(['folder', 'request']),
    id: IdSchema,
    name: z.string(),
    method: z.string().optional(),
    children: z.array(TreeNodeSchema).optional(),
  }),
);

/** A folder as outputs show it: its variables masked, its children views too. */
export const FolderViewSchema = FolderSchema.extend({
  variables: z.array(VariableViewSchema),
  get items() {
    return z.array(ItemViewSchema);
  },
});
export const ItemViewSchema = z.discriminatedUnion('kind', [RequestItemSchema, FolderViewSchema]);

/** A collection as outputs show it: collection and folder variables masked like environment variables. */
export const CollectionViewSchema = CollectionSchema.extend({ variables: z.array(VariableViewSchema), items: z.array(ItemViewSchema) });

const CollectionPatchSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  auth: AuthSchema.nullable().optional(),
  scripts: ScriptsSchema.optional(),
  variables: z.array(VariableEditSchema).optional(),
  protocolProfileBehavior: ProtocolProfileBehaviorSchema.nullable().optional(),
});

const ItemPatchSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** Requests only. */
  request: RequestSchema.optional(),
  responses: z.array(SavedResponseSchema).optional(),
  scripts: ScriptsSchema.optional(),
  /** Folders only; null removes (inherit). */
  auth: AuthSchema.nullable().optional(),
  variables: z.array(VariableEditSchema).optional(),
  protocolProfileBehavior: ProtocolProfileBehaviorSchema.nullable().optional(),
});

const ItemOutputSchema = z.strictObject({ item: ItemViewSchema });

export const workspaceOperations = {
  'workspaces.list': {
    description: 'Every workspace on this device.',
    input: NoInputSchema,
    output: z.strictObject({ workspaces: z.array(WorkspaceViewSchema) }),
  },
  'workspaces.create': {
    description: 'Make an empty workspace.',
    input: z.strictObject({ name: z.string().min(1) }),
    output: WorkspaceViewSchema,
  },
  'workspaces.rename': {
    description: 'Rename a workspace.',
    input: z.strictObject({ workspaceId: IdSchema, name: z.string().min(1) }),
    output: WorkspaceViewSchema,
  },
  'workspaces.delete': {
    description: 'Delete a workspace and everything in it.',
    input: z.strictObject({ workspaceId: IdSchema }),
    output: DeletedSchema,
  },
} as const;

export const collectionOperations = {
  'collections.list': {
    description: 'The collections of a workspace, without their items.',
    input: z.strictObject({ workspaceId: IdSchema }),
    output: z.strictObject({ collections: z.array(CollectionSummarySchema) }),
  },
  'collections.tree': {
    description: 'The folder and request tree of one collection, for the sidebar.',
    input: z.strictObject({ collectionId: IdSchema }),
    output: z.strictObject({ id: IdSchema, name: z.string(), children: z.array(TreeNodeSchema) }),
  },
  'collections.get': {
    description: 'One whole collection; secret collection variables are masked.',
    input: z.strictObject({ collectionId: IdSchema }),
    output: CollectionViewSchema,
  },
  'collections.import': {
    description: 'Import a collection file (Postman v2.0/v2.1, …) into a workspace.',
    input: z.strictObject({ workspaceId: IdSchema, file: FileTextSchema }),
    output: z.strictObject({ collection: CollectionSummarySchema, warnings: ImportWarningsSchema }),
  },
  'collections.export': {
    description: 'A collection as a Postman v2.1 file; secret current values are left out.',
    input: z.strictObject({ collectionId: IdSchema, format: z.enum(['postman-v2.1']).default('postman-v2.1') }),
    output: FileTextSchema,
  },
  'collections.create': {
    description: 'Make an empty collection.',
    input: z.strictObject({ workspaceId: IdSchema, name: z.string().min(1) }),
    output: CollectionSummarySchema,
  },
  'collections.update': {
    description: 'Change collection-level fields; absent fields are kept, null clears auth or protocol settings.',
    input: z.strictObject({ collectionId: IdSchema, patch: CollectionPatchSchema }),
    output: CollectionSummarySchema,
  },
  'collections.delete': {
    description: 'Delete a collection.',
    input: z.strictObject({ collectionId: IdSchema }),
    output: DeletedSchema,
  },
} as const;

export const itemOperations = {
  'items.add': {
    description: 'Add a request or folder under a folder (or the collection root when parentId is null).',
    input: z.strictObject({
      collectionId: IdSchema,
      parentId: IdSchema.nullable(),
      item: ItemSchema,
      /** Position among siblings; absent appends. */
      index: z.number().int().min(0).optional(),
    }),
    output: ItemOutputSchema,
  },
  'items.update': {
    description: 'Change fields of one request or folder; children of a folder are untouched.',
    input: z.strictObject({ collectionId: IdSchema, itemId: IdSchema, patch: ItemPatchSchema }),
    output: ItemOutputSchema,
  },
  'items.move': {
    description: 'Move an item under another parent (or the root) at a position.',
    input: z.strictObject({
      collectionId: IdSchema,
      itemId: IdSchema,
      parentId: IdSchema.nullable(),
      index: z.number().int().min(0),
    }),
    output: z.strictObject({ moved: z.boolean() }),
  },
  'items.delete': {
    description: 'Delete a request, or a folder with everything in it.',
    input: z.strictObject({ collectionId: IdSchema, itemId: IdSchema }),
    output: DeletedSchema,
  },
  'items.duplicate': {
    description: 'Copy an item (with new ids) just after the original.',
    input: z.strictObject({ collectionId: IdSchema, itemId: IdSchema }),
    output: ItemOutputSchema,
  },
} as const;
