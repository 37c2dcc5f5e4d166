/**
 * The Electron main process: wiring only. Every piece it wires is a small module of main/ (tested in
 * plain Node with stand-ins for Electron's objects) or a service of src/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, protocol, screen, session, shell } from 'electron';
import { toWireError } from '../src/api/index.js';
import { readPolicyDocuments } from '../src/policy/index.js';
import { createDesktopServices, type DesktopServices } from '../src/services/index.js';
import { dataDirFrom, vaultFrom } from './desktop-data.js';
import { desktopPolicy } from './desktop-policy.js';
import { hardenSession, hardenWebContents } from './hardening.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { serveRendererFile } from './renderer-files.js';
import { RENDERER_ENTRY_URL, RENDERER_SCHEME, isTrustedSender } from './renderer-origin.js';
import { trackWindowState, windowOptions } from './window-options.js';
import { MIN_HEIGHT, MIN_WIDTH, fitToDisplays, loadWindowState, saveWindowState } from './window-state.js';

// Before `ready`: our scheme behaves like https (a real origin, 'self' in the CSP, fetch and workers).
protocol.registerSchemesAsPrivileged([{ scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
// Every renderer sandboxed, whatever a window's own options say.
app.enableSandbox();

const appRoot = app.getAppPath();
const rendererDir = join(appRoot, 'dist', 'renderer');
const preloadPath = join(appRoot, 'dist', 'preload', 'index.cjs');

async function openWindow(dataDir: string): Promise<BrowserWindow> {
  const primary = screen.getPrimaryDisplay();
  const areas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const state = fitToDisplays(await loadWindowState(dataDir), areas);
  const window = new BrowserWindow(windowOptions(state, preloadPath, { width: MIN_WIDTH, height: MIN_HEIGHT }));
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  trackWindowState(window, (next) => saveWindowState(dataDir, next));
  await window.loadURL(RENDERER_ENTRY_URL);
  return window;
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url)));
  await app.whenReady();

  const dataDir = dataDirFrom(process.argv, process.env);
  let services: DesktopServices;
  try {
    // Owner-only: the database and its sealed secrets live here.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    // Read once and shared: the services enforce the settings keys, main the app-level ones.
    const documents = await readPolicyDocuments();
    const policy = desktopPolicy(documents);
    for (const line of policy.problems) process.stderr.write(`postern: policy: ${line}\n`);
    // There is no updater in the app yet; when one comes it must obey policy.updates.
    services = await createDesktopServices({ dataDir, vault: vaultFrom(process.env), policy: documents });
  } catch (error) {
    dialog.showErrorBox('Postern cannot start', toWireError(error).message);
    app.exit(1);
    return;
  }

  hardenSession(session.defaultSession);
  session.defaultSession.protocol.handle(RENDERER_SCHEME, (request) => serveRendererFile(rendererDir, request));
  registerIpc(ipcMain, services, isTrustedSender);
  forwardEvents(services, () => BrowserWindow.getAllWindows().map((window) => window.webContents));

  const focusOrOpen = (): void => {
    const [existing] = BrowserWindow.getAllWindows();
    if (existing === undefined) {
      void openWindow(dataDir);
      return;
    }
    if (existing.isMinimized()) existing.restore();
    existing.focus();
  };
  app.on('second-instance', focusOrOpen);
  app.on('activate', focusOrOpen);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void services.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  await openWindow(dataDir);
}

// One app per user: a second start hands over to the first (second-instance) and quits.
if (app.requestSingleInstanceLock()) {
  void start().catch((error: unknown) => {
    dialog.showErrorBox('Postern cannot start', toWireError(error).message);
    app.exit(1);
  });
} else {
  app.quit();
}
