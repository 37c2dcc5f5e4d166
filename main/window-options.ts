import type { WindowState } from './window-state.js';

/** Settings every Postern window is made with: the renderer is a web page with no power of its own. */
export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly experimentalFeatures: false;
  readonly navigateOnDragDrop: false;
  /** Chromium's spellchecker downloads dictionaries from the network; the app loads nothing remote. */
  readonly spellcheck: false;
  readonly safeDialogs: true;
}

export interface PosternWindowOptions {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  readonly show: false;
  readonly title: string;
  readonly backgroundColor: string;
  readonly webPreferences: SecureWebPreferences;
}

/** The BrowserWindow options for a window at the remembered place, with the preload at `preloadPath`. */
export function windowOptions(state: WindowState, preloadPath: string, minimum: { width: number; height: number }): PosternWindowOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: minimum.width,
    minHeight: minimum.height,
    // Shown on 'ready-to-show', so the window never flashes empty.
    show: false,
    title: 'Postern',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** The parts of a BrowserWindow whose place and size are remembered. */
export interface StatefulWindow {
  getNormalBounds(): { x: number; y: number; width: number; height: number };
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

/**
 * Save the window's state shortly after it moves or resizes, and once more as it closes. The save is
 * given the normal bounds, so a maximised window comes back maximised over the place it had before.
 */
export function trackWindowState(window: StatefulWindow, save: (state: WindowState) => Promise<void>, delayMs = 500): void {
  let timer: NodeJS.Timeout | undefined;
  const snapshot = (): WindowState => ({ ...window.getNormalBounds(), maximized: window.isMaximized() });
  const saveNow = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!window.isDestroyed()) void save(snapshot()).catch(() => undefined);
  };
  const later = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(saveNow, delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
  window.on('close', saveNow);
}
