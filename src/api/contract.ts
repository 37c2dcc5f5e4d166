import type { z } from 'zod';
import { EVENTS } from './events.js';
import { toWireError, type WireError, type WireResult } from './errors.js';
import { OPERATIONS, isOperationName, type OperationName, type Operations } from './operations.js';
import type { Subscription } from './subscription.js';

/** What the caller passes (before defaults are applied). */
export type InputOf<N extends OperationName> = z.input<Operations[N]['input']>;
/** What a handler receives after validation (defaults applied). */
export type ParsedInputOf<N extends OperationName> = z.output<Operations[N]['input']>;
export type OutputOf<N extends OperationName> = z.output<Operations[N]['output']>;

export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

type GroupOf<N> = N extends `${infer G}.${string}` ? G : never;
/** `requests` of `requests.send`: the objects on `window.postern`. */
export type OperationGroup = GroupOf<OperationName>;
/** `send` of `requests.send`: the methods of one group. */
export type MethodOf<G extends string, N = OperationName> = N extends `${G}.${infer M}` ? M : never;
export type NameOf<G extends string, M extends string> = `${G}.${M}` & OperationName;

/** Operations that take nothing (`app.version`) may be called without an argument. */
type ArgsOf<N extends OperationName> = Record<string, never> extends InputOf<N> ? [input?: InputOf<N>] : [input: InputOf<N>];

/** The shape of `window.postern`: `requests.send` is `postern.requests.send(input)`. */
export type PosternApi = {
  readonly [G in OperationGroup]: {
    readonly [M in MethodOf<G>]: (...input: ArgsOf<NameOf<G, M>>) => Promise<OutputOf<NameOf<G, M>>>;
  };
} & {
  /** Listen to an event stream; call the result to stop, await its `ready` before starting what emits. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Subscription;
};

/** Collapse zod's issue path into `input.item[3].request.url`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = 'input';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return text;
}

function firstIssueLine(name: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${name}: input is invalid`;
  const message = issue.message.replace(/^Invalid input: /, '').replace(/\s+/g, ' ');
  return `${name}: ${formatPath(issue.path)}: ${message}`;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

/**
 * Check a call before it reaches a service: the name must be an operation and the input must match
 * its schema. The error is one line naming the operation and the JSON path of the first problem.
 */
export function validateInput(name: string, input: unknown): Validated<unknown> {
  if (!isOperationName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `unknown operation: ${JSON.stringify(name).slice(0, 80)}` } };
  }
  const parsed = OPERATIONS[name].input.safeParse(input);
  if (!parsed.success) {
    const error: WireError = { code: 'INVALID_INPUT', message: firstIssueLine(name, parsed.error) };
    const issue = parsed.error.issues[0];
    if (issue) error.where = { path: formatPath(issue.path) };
    return { ok: false, error };
  }
  return { ok: true, value: parsed.data };
}

/**
 * Check what a service returned before it crosses the bridge. A mismatch is a bug in main, reported as
 * INTERNAL; this is also what stops a forgotten secret plaintext where a marker belongs.
 */
export function validateOutput(name: OperationName, output: unknown): Validated<unknown> {
  const parsed = OPERATIONS[name].output.safeParse(output);
  if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: firstIssueLine(name, parsed.error).replace(': input', ': output') } };
  return { ok: true, value: parsed.data };
}

/** Run a handler for a validated call and turn anything thrown into a WireError, never a stack. */
export async function callSafely(name: string, input: unknown, handler: (name: OperationName, input: unknown) => Promise<unknown>): Promise<WireResult<unknown>> {
  const checked = validateInput(name, input);
  if (!checked.ok) return checked;
  try {
    const output = await handler(name as OperationName, checked.value);
    return validateOutput(name as OperationName, output);
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

/** An operation failed: what the renderer catches. Carries the wire error's code and where. */
export class PosternCallError extends Error {
  override readonly name = 'PosternCallError';
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
  get code(): string {
    return this.wire.code;
  }
}

/**
 * How calls and events are carried: in-process (localTransport), over the preload bridge in Electron,
 * or to the agent over HTTP + WebSocket in browser mode. `invoke` never rejects: every failure is a
 * WireResult. `subscribe` says when the subscription is live through its `ready`.
 */
export interface PosternTransport {
  invoke(name: OperationName, input: unknown): Promise<WireResult<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Subscription;
}

/** Build `window.postern` from a transport: one method per operation and nothing else. */
export function createPosternApi(transport: PosternTransport): PosternApi {
  const groups: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of Object.keys(OPERATIONS) as OperationName[]) {
    const [group, method] = name.split('.') as [string, string];
    const target = (groups[group] ??= {});
    target[method] = async (input: unknown) => {
      const result = await transport.invoke(name, input ?? {});
      if (!result.ok) throw new PosternCallError(result.error);
      return result.value;
    };
  }
  const on = (event: EventName, listener: (payload: unknown) => void): Subscription => {
    if (!Object.prototype.hasOwnProperty.call(EVENTS, event)) throw new PosternCallError({ code: 'INVALID_INPUT', message: `unknown event: ${String(event)}` });
    return transport.subscribe(event, listener);
  };
  return Object.freeze({ ...groups, on }) as unknown as PosternApi;
}
