import { z } from 'zod';
import { VariableSchema } from './variable.js';

export const EnvironmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  values: z.array(VariableSchema).default([]),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

/** Globals have the same shape as an environment; there is one set per workspace. */
export const GlobalsSchema = z.object({
  id: z.string().default('globals'),
  name: z.string().default('Globals'),
  values: z.array(VariableSchema).default([]),
});
export type Globals = z.infer<typeof GlobalsSchema>;
