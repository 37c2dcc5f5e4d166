import { z } from 'zod';
import { KeyValueSchema } from './key-value.js';

export const RAW_LANGUAGES = ['text', 'json', 'xml', 'html', 'javascript'] as const;

export const FormDataFieldSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    key: z.string(),
    value: z.string(),
    enabled: z.boolean().default(true),
    contentType: z.string().optional(),
    description: z.string().optional(),
  }),
  z.object({
    type: z.literal('file'),
    key: z.string(),
    /** Paths of the files to send; each is streamed from disk. */
    src: z.array(z.string()),
    enabled: z.boolean().default(true),
    contentType: z.string().optional(),
    description: z.string().optional(),
  }),
]);
export type FormDataField = z.infer<typeof FormDataFieldSchema>;

export const BodySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('raw'), raw: z.string(), language: z.enum(RAW_LANGUAGES).optional() }),
  z.object({ mode: z.literal('urlencoded'), urlencoded: z.array(KeyValueSchema) }),
  z.object({ mode: z.literal('formdata'), formdata: z.array(FormDataFieldSchema) }),
  z.object({ mode: z.literal('file'), file: z.object({ src: z.string() }) }),
  z.object({
    mode: z.literal('graphql'),
    graphql: z.object({ query: z.string(), variables: z.string().optional(), operationName: z.string().optional() }),
  }),
]);
export type Body = z.infer<typeof BodySchema>;
export type BodyMode = Body['mode'];
