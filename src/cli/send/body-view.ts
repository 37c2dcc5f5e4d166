import { TextDecoder } from 'node:util';

export interface BodyView {
  /** Text to show, or null for a binary body. */
  readonly text: string | null;
  readonly isJson: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How to show a body in a terminal: pretty JSON, text, or "binary". */
export function viewBody(bytes: Buffer, contentType: string | undefined, pretty: boolean): BodyView {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { text: null, isJson: false };
  }
  if (/[\0-\x08\x0e-\x1f]/.test(text.slice(0, 4096))) return { text: null, isJson: false };
  const jsonish = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (jsonish) {
    try {
      const value: unknown = JSON.parse(text);
      return { text: pretty ? JSON.stringify(value, null, 2) : text, isJson: true };
    } catch {
      // Not JSON after all: show as text.
    }
  }
  return { text, isJson: false };
}

/** The body as a JSON string when it is UTF-8, else base64. */
export function bodyForJson(bytes: Buffer): { body: string; bodyEncoding: 'utf8' | 'base64' } {
  try {
    return { body: utf8.decode(bytes), bodyEncoding: 'utf8' };
  } catch {
    return { body: bytes.toString('base64'), bodyEncoding: 'base64' };
  }
}
