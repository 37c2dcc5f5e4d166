/**
 * Where the renderer lives: a privileged custom scheme, `postern://app/`, served from dist/renderer by
 * main (renderer-files.ts). Not file://: a custom origin keeps CSP `'self'` meaningful and gives IPC
 * one exact origin to trust.
 */
export const RENDERER_SCHEME = 'postern';
export const RENDERER_HOST = 'app';
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://${RENDERER_HOST}`;
export const RENDERER_ENTRY_URL = `${RENDERER_ORIGIN}/index.html`;

/**
 * True when `url` is a page of our renderer. Used to decide whether an IPC call comes from us: a frame
 * showing anything else (a remote page, a data: URL, about:blank) may not call the contract.
 */
export function isRendererUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${RENDERER_SCHEME}:` &&
    parsed.host === RENDERER_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/** The part of Electron's IPC event main looks at: the frame that sent the message. */
export interface IpcSenderEvent {
  readonly senderFrame: { readonly url: string } | null;
}

/** An IPC message is ours when its sending frame (still alive) shows our renderer. */
export function isTrustedSender(event: IpcSenderEvent): boolean {
  return event.senderFrame !== null && isRendererUrl(event.senderFrame.url);
}
