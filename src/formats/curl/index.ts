export { importCurl } from './import-curl.js';
export type { CurlImport } from './import-curl.js';
export { exportCurl } from './export-curl.js';
export type { CurlExportOptions } from './export-curl.js';
export type { CurlSettings } from './curl-options.js';
export { splitShellWords, quoteShellWord } from './shell-words.js';
export type { ShellWords } from './shell-words.js';
