import type { EventName } from '../src/api/index.js';

/**
 * The only two IPC channels between preload and main. Every operation of the contract travels on
 * `postern:call` as `{ name, input }` and is checked in main; events come back on `postern:event`.
 * No other channel exists, so a compromised renderer cannot reach anything but the contract.
 */
export const CALL_CHANNEL = 'postern:call';
export const EVENT_CHANNEL = 'postern:event';

/** What preload sends on CALL_CHANNEL. Main trusts none of it: `name` and `input` are validated there. */
export interface CallMessage {
  readonly name: string;
  readonly input: unknown;
}

/** What main sends on EVENT_CHANNEL. */
export interface EventMessage {
  readonly event: EventName;
  readonly payload: unknown;
}
