import { POSTERN_VERSION } from '../../version.js';

const DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ['User-Agent', `Postern/${POSTERN_VERSION}`],
  ['Accept', '*/*'],
  ['Accept-Encoding', 'gzip, deflate, br'],
];

/** Adds the headers every request carries unless the user set them (any case), after the user's own. */
export function withDefaultHeaders(headers: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  const present = new Set(headers.map(([name]) => name.toLowerCase()));
  return [...headers, ...DEFAULTS.filter(([name]) => !present.has(name.toLowerCase()))];
}
