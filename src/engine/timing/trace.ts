import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What one hop learns about its connection while undici sends it. */
export interface HopTrace {
  socket: Socket | null;
  sentAt: number;
}

let pending: HopTrace | null = null;
let subscribed = false;

function onSendHeaders(message: unknown): void {
  const trace = pending;
  if (!trace) return;
  pending = null;
  trace.socket = (message as { socket: Socket }).socket;
  trace.sentAt = performance.now();
}

/**
 * Marks `trace` as the request undici is about to write. undici calls the handler's
 * onRequestStart and then, synchronously on the same socket, publishes `undici:client:sendHeaders`;
 * so the socket published next is this request's. This is how a request learns which pooled
 * connection (and so which TLS session and timings) it used.
 */
export function expectSendHeaders(trace: HopTrace): void {
  if (!subscribed) {
    diagnostics.subscribe('undici:client:sendHeaders', onSendHeaders);
    subscribed = true;
  }
  pending = trace;
}
