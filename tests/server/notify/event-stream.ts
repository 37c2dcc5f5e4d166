/** A Server-Sent Events reader over fetch for tests: collects events as they come; close() aborts. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

export interface EventStreamReader {
  readonly status: number;
  readonly contentType: string | null;
  readonly events: ServerSentEvent[];
  close(): void;
}

export async function openEventStream(url: string, token: string): Promise<EventStreamReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
  const events: ServerSentEvent[] = [];
  if (response.ok && response.body !== null) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffered += value;
          let end = buffered.indexOf('\n\n');
          while (end !== -1) {
            const block = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const event = parseBlock(block);
            if (event !== null) events.push(event);
            end = buffered.indexOf('\n\n');
          }
        }
      } catch {
        /* aborted by close(), or the server went away */
      }
    })();
  }
  return { status: response.status, contentType: response.headers.get('content-type'), events, close: () => abort.abort() };
}

/** One event block; comments (`: ping`) are not events. */
function parseBlock(block: string): ServerSentEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? null : { event, data: data.join('\n') };
}
