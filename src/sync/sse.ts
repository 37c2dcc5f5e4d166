/**
 * A Server-Sent Events parser (the WHATWG "event stream interpretation"): feed it text as it arrives, in
 * chunks split anywhere, and it calls back once per complete event. Lines end in LF, CRLF or CR (a CR at
 * the end of one chunk and an LF at the start of the next are one line end); `:` lines are comments;
 * an event is dispatched at a blank line, and an unfinished event at the end of the stream is dropped.
 */
export interface SseEvent {
  /** `message` when the event named none. */
  readonly event: string;
  readonly data: string;
  /** The last event id seen so far on this stream ('' if none). */
  readonly lastEventId: string;
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
  /** Comment lines (`: ping`): proof that the connection is alive. */
  onComment?(text: string): void;
  /** A `retry:` field: the server's suggested reconnection delay in ms. */
  onRetry?(ms: number): void;
}

export interface SseParser {
  feed(chunk: string): void;
  /** The stream ended: whatever is buffered and unfinished is dropped, as the spec says. */
  end(): void;
}

export function createSseParser(handlers: SseHandlers): SseParser {
  let buffer = '';
  let started = false;
  let skipLeadingLf = false;
  let eventType = '';
  let data: string[] = [];
  let lastEventId = '';

  function dispatch(): void {
    if (data.length === 0) {
      eventType = '';
      return;
    }
    const event: SseEvent = { event: eventType === '' ? 'message' : eventType, data: data.join('\n'), lastEventId };
    eventType = '';
    data = [];
    handlers.onEvent(event);
  }

  function line(text: string): void {
    if (text === '') {
      dispatch();
      return;
    }
    if (text.startsWith(':')) {
      handlers.onComment?.(text.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
        // Unknown fields are ignored.
        break;
    }
  }

  return {
    feed(chunk) {
      let text = chunk;
      if (!started && text.length > 0) {
        started = true;
        if (text.startsWith('\uFEFF')) text = text.slice(1);
      }
      if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
      skipLeadingLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i += 1) {
        const char = buffer[i];
        if (char !== '\r' && char !== '\n') continue;
        line(buffer.slice(start, i));
        if (char === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i += 1;
          } else {
            skipLeadingLf = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end() {
      buffer = '';
      data = [];
      eventType = '';
    },
  };
}

/** Reads a response body to its end, feeding each decoded chunk to the parser. Rejects if the stream fails. */
export async function readEventStream(body: ReadableStream<Uint8Array>, parser: SseParser): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  } finally {
    parser.end();
    reader.releaseLock();
  }
}
