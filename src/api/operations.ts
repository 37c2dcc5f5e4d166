import type { z } from 'zod';
import { collectionOperations, itemOperations, workspaceOperations } from './ops-collections.js';
import { cookieOperations } from './ops-cookies.js';
import { environmentOperations, globalsOperations, secretOperations } from './ops-environments.js';
import { historyOperations } from './ops-history.js';
import { requestOperations } from './ops-requests.js';
import { runnerOperations } from './ops-runner.js';
import { appOperations, certificateOperations, policyOperations, settingsOperations } from './ops-settings.js';

/** One operation the UI may call: what it takes, what it returns, and a line saying what it does. */
export interface OperationSpec {
  readonly description: string;
  readonly input: z.ZodType;
  readonly output: z.ZodType;
}

/** Every operation behind `window.postern`, by `group.method` name. Nothing else crosses the bridge. */
export const OPERATIONS = {
  ...requestOperations,
  ...workspaceOperations,
  ...collectionOperations,
  ...itemOperations,
  ...environmentOperations,
  ...globalsOperations,
  ...secretOperations,
  ...historyOperations,
  ...cookieOperations,
  ...settingsOperations,
  ...certificateOperations,
  ...runnerOperations,
  ...policyOperations,
  ...appOperations,
} as const satisfies Record<`${string}.${string}`, OperationSpec>;

export type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;

export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}
