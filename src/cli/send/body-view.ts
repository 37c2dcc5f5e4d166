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
  if (hasControlBytes(text.slice(0, 4096))) return { text: null, isJson: false };
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

/** NUL and C0 controls other than tab, newline, CR and form feed mark a binary body. */
function hasControlBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x1b) return true;
  }
  return false;
}
