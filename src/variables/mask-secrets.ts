/** What a secret value is replaced with in logs and the UI. */
export const SECRET_MASK = '••••••';

/** Replaces secret values in a text; build one per set of secrets and reuse it for many texts. */
export type SecretMasker = (text: string) => string;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A masker for these secrets. Longer secrets are tried first, so a secret that contains a shorter one
 * is hidden whole rather than leaving its remainder visible. Empty strings are ignored.
 */
export function createSecretMasker(secrets: Iterable<string>): SecretMasker {
  const unique = [...new Set(secrets)].filter((secret) => secret !== '');
  if (unique.length === 0) return (text) => text;
  unique.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(unique.map(escapeRegExp).join('|'), 'g');
  return (text) => (text === '' ? text : text.replace(pattern, SECRET_MASK));
}

/** `text` with every occurrence of every secret replaced by `••••••`. */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  return createSecretMasker(secrets)(text);
}
