/**
 * Server-Sent Events for the routes that stream (the sync live feed): an event stream as a Node stream
 * that Fastify sends like any other body (so the security headers and hooks still apply), and the set
 * of a server's open streams, which it ends when the app closes — an open stream must not keep a
 * graceful shutdown waiting.
 */
import { PassThrough } from 'node:stream';

/** What a live stream answers with besides the security headers every route gets. */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // Reverse proxies (nginx) must pass events on as they come instead of buffering the response.
  'x-accel-buffering': 'no',
} as const;

export interface EventStream {
  /** The body to send: `reply.send(stream.body)`. */
  readonly body: PassThrough;
  /** True once the stream ended, from either side. */
  readonly closed: boolean;
  /** `event: <name>` with `data:` the JSON of `data`. */
  event(name: string, data: unknown): void;
  /** A comment line (`: <text>`): clients ignore it; it keeps proxies and idle timers from cutting the stream. */
  comment(text: string): void;
  /** Ends the stream; what was written is still delivered. */
  end(): void;
  /** Called once when the stream closes, whether the client went away or the server ended it. */
  onClose(listener: () => void): void;
}

export function createEventStream(): EventStream {
  const body = new PassThrough();
  let closed = false;
  const listeners: (() => void)[] = [];
  const finish = (): void => {
    if (closed) return;
    closed = true;
    for (const listener of listeners.splice(0)) listener();
  };
  // Fastify destroys the body when the client disconnects; ending it ourselves finishes it.
  body.once('close', finish);
  body.once('finish', finish);
  const write = (text: string): void => {
    if (!closed && !body.writableEnded) body.write(text);
  };
  return {
    body,
    get closed() {
      return closed;
    },
    event(name, data) {
      write(`event: ${oneLine(name)}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    comment(text) {
      write(`: ${oneLine(text)}\n\n`);
    },
    end() {
      if (!body.writableEnded) body.end();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}

/** The open streams of one app. */
export interface EventStreamSet {
  /** False once the app is closing: a stream added then is ended at once. */
  readonly accepting: boolean;
  add(stream: EventStream): void;
  /** Ends every open stream and accepts no more (the app is closing). */
  endAll(): void;
}

export function createEventStreamSet(): EventStreamSet {
  const open = new Set<EventStream>();
  let accepting = true;
  return {
    get accepting() {
      return accepting;
    },
    add(stream) {
      // Opened while the app began closing (its handler was awaiting): it ends at once.
      if (!accepting) stream.end();
      if (stream.closed) return;
      open.add(stream);
      stream.onClose(() => open.delete(stream));
    },
    endAll() {
      accepting = false;
      for (const stream of [...open]) stream.end();
    },
  };
}

/** Event names and comments are one line each; a newline would start a new field. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
