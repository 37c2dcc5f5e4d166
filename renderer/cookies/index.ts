/** The cookie manager: a "Cookies" button and the dialog it opens, over `cookies.*` of the contract. */
export { CookiesButton } from './CookiesButton.js';
export { CookiesDialog } from './CookiesDialog.js';
