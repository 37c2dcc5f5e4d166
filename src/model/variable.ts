import { z } from 'zod';

export const VariableTypeSchema = z.enum(['default', 'secret']);
export type VariableType = z.infer<typeof VariableTypeSchema>;

/**
 * A variable in any scope. The initial value is shared (synced, exported); the current value stays on
 * this device and, when set, is what requests use.
 */
export const VariableSchema = z.object({
  key: z.string(),
  initialValue: z.string().default(''),
  currentValue: z.string().optional(),
  type: VariableTypeSchema.default('default'),
  enabled: z.boolean().default(true),
  description: z.string().optional(),
});
export type Variable = z.infer<typeof VariableSchema>;

/** The value a request uses: the current value when the device has one, else the initial value. */
export function effectiveValue(variable: Variable): string {
  return variable.currentValue ?? variable.initialValue;
}
