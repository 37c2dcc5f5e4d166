/**
 * The renderer never navigates and never opens windows. A link to an https page is handed to the
 * system browser instead; everything else (http, file:, javascript:, custom schemes) goes nowhere.
 */

/** The URL to open in the system browser for a link the renderer tried to follow, or undefined. */
export function externalLinkToOpen(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:') return undefined;
  // Credentials in a link are a phishing trick (`https://bank.example@evil.example/`).
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  if (parsed.hostname === '') return undefined;
  return parsed.href;
}
