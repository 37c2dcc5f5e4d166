import type { OperationName, OutputOf, ParsedInputOf } from '../api/index.js';
import type { ServiceContext } from './context.js';

/** One operation's implementation: validated input in, the contract's output out. */
export type Handler<N extends OperationName> = (ctx: ServiceContext, input: ParsedInputOf<N>) => Promise<OutputOf<N>>;

/** Every operation's handler. A missing one is a compile error where the table is built (index.ts). */
export type HandlerTable = { readonly [N in OperationName]: Handler<N> };

/** The handlers of one group (`workspaces.*`): what each area file exports. */
export type GroupHandlers<G extends string> = { readonly [N in OperationName as N extends `${G}.${string}` ? N : never]: Handler<N> };
