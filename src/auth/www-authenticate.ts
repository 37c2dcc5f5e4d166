/** One challenge of a WWW-Authenticate header: its scheme and its parameters (names lower-cased). */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

/**
 * Parses WWW-Authenticate values (RFC 9110 §11.6.1). One value may hold several challenges separated by
 * commas, and parameters are `name=token` or `name="quoted \"string\""`, so a plain split on commas
 * would cut quoted values apart.
 */
export function parseChallenges(values: readonly string[]): Challenge[] {
  const challenges: Challenge[] = [];
  for (const value of values) challenges.push(...parseOne(value));
  return challenges;
}

function parseOne(text: string): Challenge[] {
  const challenges: Challenge[] = [];
  let current: { scheme: string; params: Record<string, string> } | undefined;
  let at = 0;
  const skipSpace = (): void => {
    while (at < text.length && /[\s,]/.test(text[at] as string)) at++;
  };
  const readToken = (): string | undefined => {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    at = TOKEN.lastIndex;
    return match[0];
  };
  while (at < text.length) {
    skipSpace();
    const start = at;
    const name = readToken();
    if (name === undefined) {
      at++; // not a token: skip the character rather than loop forever
      continue;
    }
    let look = at;
    while (look < text.length && (text[look] === ' ' || text[look] === '\t')) look++;
    if (text[look] === '=' && current !== undefined && !isToken68Tail(text, look)) {
      at = look + 1;
      while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
      current.params[name.toLowerCase()] = readValue();
      continue;
    }
    if (text[look] === '=' && current !== undefined) {
      // token68 (e.g. `Negotiate abc==`): kept whole under the empty name
      while (at < text.length && text[at] === '=') at++;
      current.params[''] = text.slice(start, at);
      continue;
    }
    current = { scheme: name, params: {} };
    challenges.push(current);
    at = look;
  }
  return challenges;

  function readValue(): string {
    if (text[at] === '"') {
      let value = '';
      at++;
      while (at < text.length && text[at] !== '"') {
        if (text[at] === '\\' && at + 1 < text.length) at++;
        value += text[at];
        at++;
      }
      at++; // closing quote
      return value;
    }
    const end = text.indexOf(',', at);
    const value = (end === -1 ? text.slice(at) : text.slice(at, end)).trim();
    at = end === -1 ? text.length : end;
    return value;
  }
}

/** `abc==` ends in `=` signs followed by nothing or a comma: a token68, not `name=value`. */
function isToken68Tail(text: string, equalsAt: number): boolean {
  let end = equalsAt;
  while (end < text.length && text[end] === '=') end++;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return end - equalsAt > 1 || end >= text.length || text[end] === ',';
}
