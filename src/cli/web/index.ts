/** `postern web`: browser mode from the terminal. */
export { runWeb, type WebCommandOptions } from './command.js';
export { desktopDataDir } from './data-dir.js';
export { PASSPHRASE_ENV, type WebBackend } from './services.js';
