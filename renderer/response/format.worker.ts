import { MAX_LINE, type BodyKind, type WorkerAnswer, type WorkerRequest } from './worker-protocol.js';

/**
 * Formats and indexes a response body off the UI thread: the body arrives in pages, is pretty-printed
 * when asked (JSON, XML), split into lines (long ones wrapped), and then served a window of lines at a
 * time, so the page never holds or lays out more than what is on screen.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerAnswer, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

let chunks: string[] = [];
let text = '';
let starts = new Uint32Array(1);
let lineCount = 0;

function prettyJson(raw: string): string | null {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return null;
  }
}

/** Indent XML by tag depth; good enough for reading, never changes text inside tags. */
function prettyXml(raw: string): string {
  const tokens = raw.replace(/>\s*</g, '><').split(/(?=<)|(?<=>)/);
  let depth = 0;
  const out: string[] = [];
  for (const token of tokens) {
    if (token.trim() === '') continue;
    if (/^<\//.test(token)) depth = Math.max(0, depth - 1);
    out.push(`${'  '.repeat(depth)}${token}`);
    if (/^<[^!?/][^>]*[^/]>$/.test(token) || /^<[^!?/>]>$/.test(token)) depth += 1;
  }
  return out.join('\n');
}

function index(body: string): void {
  const list: number[] = [0];
  let lineStart = 0;
  for (let i = 0; i < body.length; i++) {
    if (body.charCodeAt(i) === 10) {
      lineStart = i + 1;
      list.push(lineStart);
    } else if (i - lineStart >= MAX_LINE) {
      lineStart = i;
      list.push(i);
    }
  }
  list.push(body.length + 1);
  starts = Uint32Array.from(list);
  lineCount = list.length - 1;
}

function lineAt(i: number): string {
  const slice = text.slice(starts[i] ?? 0, starts[i + 1] ?? text.length);
  return slice.endsWith('\n') ? slice.slice(0, -1) : slice;
}

function finish(pretty: boolean, kind: BodyKind): { formatted: boolean; note?: string } {
  const raw = chunks.join('');
  chunks = [];
  let formatted = false;
  let note: string | undefined;
  text = raw;
  if (pretty && kind === 'json') {
    const done = prettyJson(raw);
    if (done === null) note = 'Not valid JSON: shown as received';
    else {
      text = done;
      formatted = true;
    }
  } else if (pretty && kind === 'xml') {
    text = prettyXml(raw);
    formatted = true;
  }
  index(text);
  return note === undefined ? { formatted } : { formatted, note };
}

function search(query: string): Uint32Array {
  if (query === '') return new Uint32Array(0);
  const needle = query.toLowerCase();
  const haystack = text.toLowerCase();
  const hits: number[] = [];
  let at = haystack.indexOf(needle);
  let line = 0;
  while (at >= 0 && hits.length < 100_000) {
    while (line + 1 < lineCount && (starts[line + 1] ?? 0) <= at) line++;
    if (hits[hits.length - 1] !== line) hits.push(line);
    at = haystack.indexOf(needle, at + needle.length);
  }
  return Uint32Array.from(hits);
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  const answer = (value: WorkerAnswer, transfer: Transferable[] = []): void => scope.postMessage(value, transfer);
  switch (message.type) {
    case 'append':
      chunks.push(message.text);
      answer({ id: message.id, type: 'ack' });
      break;
    case 'finish': {
      const done = finish(message.pretty, message.kind);
      answer({ id: message.id, type: 'ready', lineCount, ...done });
      break;
    }
    case 'lines': {
      const lines: string[] = [];
      for (let i = message.from; i < Math.min(message.to, lineCount); i++) lines.push(lineAt(i));
      answer({ id: message.id, type: 'lines', from: message.from, lines });
      break;
    }
    case 'search': {
      const matches = search(message.query);
      answer({ id: message.id, type: 'search', matches }, [matches.buffer]);
      break;
    }
    case 'text':
      answer({ id: message.id, type: 'text', text });
      break;
  }
};
