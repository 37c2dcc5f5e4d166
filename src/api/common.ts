import { z } from 'zod';
import { JsonValueSchema, VariableTypeSchema } from '../model/index.js';

/** Ids are opaque non-empty strings (uuids from the store). */
export const IdSchema = z.string().min(1);
export const NoInputSchema = z.strictObject({});
export const DeletedSchema = z.strictObject({ deleted: z.boolean() });
/** ISO 8601 timestamp. */
export const TimestampSchema = z.string();

/**
 * What stands in for a secret's value in every output. Strict: a plaintext string where a secret
 * belongs fails validation, so a service that forgets to mask is caught before the bridge.
 */
export const SecretMarkerSchema = z.strictObject({ secret: z.literal(true), set: z.boolean() });
export type SecretMarker = z.infer<typeof SecretMarkerSchema>;

const variableBase = {
  key: z.string(),
  enabled: z.boolean(),
  description: z.string().optional(),
};

/** A variable as outputs show it: plain values for `default`, markers for `secret`. */
export const VariableViewSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...variableBase, type: z.literal('default'), initialValue: z.string(), currentValue: z.string().optional() }),
  z.strictObject({ ...variableBase, type: z.literal('secret'), initialValue: SecretMarkerSchema, currentValue: SecretMarkerSchema }),
]);
export type VariableView = z.infer<typeof VariableViewSchema>;

/**
 * A variable as the renderer saves it. A secret's value is either new plaintext (the user typed it)
 * or the marker it was shown, meaning "keep what is stored".
 */
export const VariableEditSchema = z.strictObject({
  key: z.string(),
  type: VariableTypeSchema.default('default'),
  initialValue: z.union([z.string(), SecretMarkerSchema]).default(''),
  currentValue: z.union([z.string(), SecretMarkerSchema]).optional(),
  enabled: z.boolean().default(true),
  description: z.string().optional(),
});
export type VariableEdit = z.infer<typeof VariableEditSchema>;

/** A file the user picked, read by the renderer or main: its name (for messages and format sniffing) and text. */
export const FileTextSchema = z.strictObject({ fileName: z.string().min(1), text: z.string() });
export type FileText = z.infer<typeof FileTextSchema>;

/** Result of an import: what was made and one line per thing not carried over. */
export const ImportWarningsSchema = z.array(z.string());

export const JsonSchema = JsonValueSchema;
