import { describe, expect, it } from 'vitest';
import { createSseParser, readEventStream, type SseEvent } from './sse.js';

function collect(): { events: SseEvent[]; comments: string[]; retries: number[]; parser: ReturnType<typeof createSseParser> } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c), onRetry: (ms) => retries.push(ms) });
  return { events, comments, retries, parser };
}

const STREAM = 'event: ready\ndata: {"seq":3}\n\n: ping\n\nevent: change\ndata: {"seq":4}\n\ndata: a\ndata: b\nid: 7\n\n';

describe('SSE parser', () => {
  it('parses named events, comments, multi-line data and ids', () => {
    const { events, comments, parser } = collect();
    parser.feed(STREAM);
    expect(events).toEqual([
      { event: 'ready', data: '{"seq":3}', lastEventId: '' },
      { event: 'change', data: '{"seq":4}', lastEventId: '' },
      { event: 'message', data: 'a\nb', lastEventId: '7' },
    ]);
    expect(comments).toEqual(['ping']);
  });

  it('gives the same events however the text is split into chunks', () => {
    const whole = collect();
    whole.parser.feed(STREAM);
    for (const size of [1, 2, 3, 7]) {
      const split = collect();
      for (let i = 0; i < STREAM.length; i += size) split.parser.feed(STREAM.slice(i, i + size));
      expect(split.events).toEqual(whole.events);
    }
  });

  it('accepts CRLF and lone CR line ends, also when CR and LF arrive in different chunks', () => {
    const { events, parser } = collect();
    parser.feed('event: change\r\ndata: {"seq":1}\r');
    parser.feed('\n\r\n');
    parser.feed('data: x\r\r');
    expect(events).toEqual([
      { event: 'change', data: '{"seq":1}', lastEventId: '' },
      { event: 'message', data: 'x', lastEventId: '' },
    ]);
  });

  it('drops an unfinished event at the end of the stream, and ignores blank events and unknown fields', () => {
    const { events, retries, parser } = collect();
    parser.feed('\uFEFFfoo: bar\nretry: 1500\nretry: soon\n\nevent: change\n\ndata\n\ndata: unfinished\n');
    parser.end();
    expect(events).toEqual([{ event: 'message', data: '', lastEventId: '' }]);
    expect(retries).toEqual([1500]);
  });

  it('removes only one space after the colon and keeps colons inside values', () => {
    const { events, parser } = collect();
    parser.feed('data:  two spaces\ndata:a:b\n\n');
    expect(events[0]?.data).toBe(' two spaces\na:b');
  });

  it('reads a byte stream with UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: café ✓\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const { events, parser } = collect();
    await readEventStream(body, parser);
    expect(events.map((e) => e.data)).toEqual(['café ✓']);
  });
});
