import { z } from 'zod';
import { DeletedSchema, FileTextSchema, IdSchema, ImportWarningsSchema, VariableEditSchema, VariableViewSchema } from './common.js';

export const EnvironmentSummarySchema = z.strictObject({
  id: IdSchema,
  name: z.string(),
  variableCount: z.number().int().min(0),
});

/** An environment (or the globals) as outputs show it: secret values are markers, never text. */
export const EnvironmentViewSchema = z.strictObject({
  id: IdSchema,
  name: z.string(),
  values: z.array(VariableViewSchema),
});
export type EnvironmentView = z.infer<typeof EnvironmentViewSchema>;

/** What the renderer saves: secret values it did not change come back as their markers. */
export const EnvironmentEditSchema = z.strictObject({
  /** Absent creates a new environment. */
  id: IdSchema.optional(),
  name: z.string().min(1),
  values: z.array(VariableEditSchema).default([]),
});

export const environmentOperations = {
  'environments.list': {
    description: 'The environments of a workspace.',
    input: z.strictObject({ workspaceId: IdSchema }),
    output: z.strictObject({ environments: z.array(EnvironmentSummarySchema) }),
  },
  'environments.get': {
    description: 'One environment; secret values are shown only as set or not.',
    input: z.strictObject({ environmentId: IdSchema }),
    output: EnvironmentViewSchema,
  },
  'environments.save': {
    description: 'Create or replace an environment; a secret given as its marker keeps its stored value.',
    input: z.strictObject({ workspaceId: IdSchema, environment: EnvironmentEditSchema }),
    output: EnvironmentViewSchema,
  },
  'environments.delete': {
    description: 'Delete an environment.',
    input: z.strictObject({ environmentId: IdSchema }),
    output: DeletedSchema,
  },
  'environments.import': {
    description: 'Import a Postman environment file into a workspace.',
    input: z.strictObject({ workspaceId: IdSchema, file: FileTextSchema }),
    output: z.strictObject({ environment: EnvironmentSummarySchema, warnings: ImportWarningsSchema }),
  },
  'environments.export': {
    description: 'An environment as a Postman file; current values and secret values are left out.',
    input: z.strictObject({ environmentId: IdSchema }),
    output: FileTextSchema,
  },
} as const;

export const globalsOperations = {
  'globals.get': {
    description: "A workspace's globals; secret values are shown only as set or not.",
    input: z.strictObject({ workspaceId: IdSchema }),
    output: EnvironmentViewSchema,
  },
  'globals.save': {
    description: "Replace a workspace's globals; a secret given as its marker keeps its stored value.",
    input: z.strictObject({ workspaceId: IdSchema, values: z.array(VariableEditSchema) }),
    output: EnvironmentViewSchema,
  },
} as const;

export const secretOperations = {
  'secrets.reveal': {
    description: 'The plaintext of one secret variable, on an explicit user action (e.g. the eye button).',
    input: z.strictObject({
      scope: z.enum(['environment', 'globals', 'collection']),
      /** The environment, workspace (for globals) or collection id. */
      ownerId: IdSchema,
      /** Collection scope only: a folder of the collection whose own variable it is. */
      folderId: IdSchema.optional(),
      key: z.string(),
      which: z.enum(['current', 'initial']).default('current'),
    }),
    output: z.strictObject({ key: z.string(), value: z.string() }),
  },
} as const;
