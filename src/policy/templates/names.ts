import type { PolicyCategory, PolicyKeyDefinition } from '../keys.js';

/** "AllowedTeamIds" → "Allowed team ids": a key's title in admin consoles. */
export function titleOf(def: PolicyKeyDefinition): string {
  const words = def.name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(' ');
  return words.map((w, i) => (i === 0 || /^[A-Z]{2,}$/.test(w) ? w : w.toLowerCase())).join(' ').replace(/\bTls\b/gi, 'TLS').replace(/\bSsl\b/gi, 'SSL').replace(/\bCa\b/g, 'CA').replace(/\burl\b/gi, 'URL').replace(/\bids\b/g, 'IDs');
}

/** "Sign-in" → "Postern_SignIn": an ADMX category id. */
export function categoryId(category: PolicyCategory): string {
  return `Postern_${category.split(/[^A-Za-z0-9]+/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('')}`;
}

/** The explanation shown to admins: the description, the default, and whether it fails closed. */
export function explainText(def: PolicyKeyDefinition): string {
  const shown = def.default === null ? 'not set' : JSON.stringify(def.default);
  const security = def.security ? ` Security key: a malformed value takes the strictest value (${JSON.stringify(def.strictest)}).` : '';
  return `${def.description} Default: ${shown}.${security}`;
}

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
