/**
 * Formats: pure transforms between the model and the files people bring and take away (Postman
 * collections, environments and globals; curl commands). No file or network I/O: text and objects in,
 * text and objects out. Errors are PosternErrors naming the file, JSON path and line.
 */
export * from './postman/index.js';
export * from './curl/index.js';
export { parseJsonText, positionAt } from './json-text.js';
export type { TextPosition } from './json-text.js';
export { formatJsonPath } from './json-path.js';
export { splitUrl, joinUrl, parseQueryString, buildQueryString, urlParts, joinUrlParts } from './url-parts.js';
export type { SplitUrl, UrlParts } from './url-parts.js';
