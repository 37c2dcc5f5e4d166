/** Messages between the body view and its formatting worker. Every request carries an id; the answer echoes it. */
export type WorkerRequest =
  | { id: number; type: 'append'; text: string }
  | { id: number; type: 'finish'; pretty: boolean; kind: BodyKind }
  | { id: number; type: 'lines'; from: number; to: number }
  | { id: number; type: 'search'; query: string }
  | { id: number; type: 'text' };

export type WorkerAnswer =
  | { id: number; type: 'ready'; lineCount: number; formatted: boolean; note?: string }
  | { id: number; type: 'lines'; from: number; lines: string[] }
  | { id: number; type: 'search'; matches: Uint32Array }
  | { id: number; type: 'text'; text: string }
  | { id: number; type: 'ack' };

/** How the body is pretty-printed. */
export type BodyKind = 'json' | 'xml' | 'text';

/** Lines longer than this are shown in pieces, so a minified 50 MB body is not one 50 MB DOM line. */
export const MAX_LINE = 2000;
