import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The command that hands a URL to the system's default browser. */
export function browserCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // Not `cmd /c start`: cmd would reparse the URL. FileProtocolHandler takes it as one argument.
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A page that sends the browser on to `url`: no script, just a refresh and a link. */
export function redirectPage(url: string): string {
  const href = escapeHtml(url);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
    `<meta http-equiv="refresh" content="0;url=${href}"><title>Opening Postern</title></head>` +
    `<body><p><a href="${href}" rel="noreferrer">Open Postern</a></p></body></html>\n`;
}

export interface BrowserOpening {
  /** False when no opener could be started (no desktop, no xdg-open): not an error, the URL is printed. */
  readonly opened: boolean;
  /** Remove the redirect file. */
  close(): Promise<void>;
}

/**
 * Open the URL in the system browser without putting the token on a command line, where any local
 * user could read it (`/proc/PID/cmdline`, `ps`) for as long as a newly started browser runs: the
 * browser is given a file:// page, readable by this user only, that redirects to the URL.
 */
export async function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<BrowserOpening> {
  const dir = await mkdtemp(join(tmpdir(), 'postern-open-'));
  const close = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const file = join(dir, 'open-postern.html');
  await writeFile(file, redirectPage(url), { mode: 0o600 });
  const { command, args } = browserCommand(platform, pathToFileURL(file).href);
  const opened = await new Promise<boolean>((resolve) => {
    let child;
    try {
      child = spawn(command, args, { detached: true, stdio: 'ignore' });
    } catch {
      resolve(false);
      return;
    }
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
  if (!opened) await close();
  return { opened, close };
}
