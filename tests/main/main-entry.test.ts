/**
 * main/index.ts itself, run against a stand-in `electron` module: no Electron binary can run here, so
 * this checks the wiring (what is registered, with which options, in which order) with the real
 * services, the real renderer-file handler and the real IPC handler behind it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTempDir, type TempDir } from '../support/index.js';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const appListeners = new Map<string, Listener[]>();
  const emit = (map: Map<string, Listener[]>, name: string, ...args: unknown[]): void => {
    for (const fn of map.get(name) ?? []) fn(...args);
  };
  const on = (map: Map<string, Listener[]>) => (name: string, fn: Listener): void => {
    map.set(name, [...(map.get(name) ?? []), fn]);
  };
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const state = {
    privileged: [] as unknown[],
    sandboxed: false,
    quits: 0,
    exitCode: undefined as number | undefined,
    errors: [] as string[],
    ipc: new Map<string, Listener>(),
    protocol: new Map<string, Listener>(),
    session: { beforeRequest: false, headersReceived: false, permissionRequest: false, permissionCheck: false },
    opened: [] as string[],
  };
  class StandInWindow {
    static readonly all: StandInWindow[] = [];
    readonly listeners = new Map<string, Listener[]>();
    readonly loaded: string[] = [];
    focused = 0;
    readonly webContents = {
      windowOpenHandler: undefined as Listener | undefined,
      contentsListeners: new Map<string, Listener[]>(),
      sent: [] as unknown[],
      on(name: string, fn: Listener) {
        on(this.contentsListeners)(name, fn);
      },
      setWindowOpenHandler(fn: Listener) {
        this.windowOpenHandler = fn;
      },
      isDestroyed: () => false,
      send(...args: unknown[]) {
        this.sent.push(args);
      },
    };
    constructor(readonly options: Record<string, unknown>) {
      StandInWindow.all.push(this);
      emit(appListeners, 'web-contents-created', {}, this.webContents);
    }
    static getAllWindows(): StandInWindow[] {
      return StandInWindow.all;
    }
    on(name: string, fn: Listener): void {
      on(this.listeners)(name, fn);
    }
    once(name: string, fn: Listener): void {
      on(this.listeners)(name, fn);
    }
    emit(name: string): void {
      emit(this.listeners, name);
    }
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
    }
    getNormalBounds() {
      return { x: 40, y: 30, width: 1000, height: 700 };
    }
    isMaximized = () => false;
    isMinimized = () => false;
    isDestroyed = () => false;
    maximize(): void {}
    show(): void {}
    restore(): void {}
    focus(): void {
      this.focused += 1;
    }
  }
  const app = {
    enableSandbox: () => void (state.sandboxed = true),
    getAppPath: () => process.cwd(),
    requestSingleInstanceLock: () => true,
    on: on(appListeners),
    whenReady: () => ready,
    quit: () => {
      state.quits += 1;
      let prevented = false;
      emit(appListeners, 'will-quit', { preventDefault: () => (prevented = true) });
      return prevented;
    },
    exit: (code: number) => void (state.exitCode = code),
  };
  const module = {
    app,
    BrowserWindow: StandInWindow,
    dialog: { showErrorBox: (_title: string, message: string) => void state.errors.push(message) },
    ipcMain: { handle: (channel: string, fn: Listener) => void state.ipc.set(channel, fn), removeHandler: (channel: string) => void state.ipc.delete(channel) },
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => void state.privileged.push(...schemes) },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    },
    session: {
      defaultSession: {
        webRequest: {
          onBeforeRequest: () => void (state.session.beforeRequest = true),
          onHeadersReceived: () => void (state.session.headersReceived = true),
        },
        setPermissionRequestHandler: () => void (state.session.permissionRequest = true),
        setPermissionCheckHandler: () => void (state.session.permissionCheck = true),
        protocol: { handle: (scheme: string, fn: Listener) => void state.protocol.set(scheme, fn) },
      },
    },
    shell: { openExternal: async (url: string) => void state.opened.push(url) },
  };
  return { module, state, markReady, appListeners, emit, StandInWindow };
});

vi.mock('electron', () => electron.module);

describe('main/index.ts wired to a stand-in electron', () => {
  let dir: TempDir;
  const saved = { ...process.env };
  beforeAll(async () => {
    dir = makeTempDir('postern-main-entry-');
    mkdirSync(dir.file('policy'));
    process.env['XDG_DATA_HOME'] = dir.file('xdg');
    process.env['POSTERN_VAULT_PASSPHRASE'] = 'correct horse battery staple';
    process.env['POSTERN_POLICY_DIR'] = dir.file('policy');
    await import('../../main/index.js');
    // Before ready: the scheme is privileged and the sandbox is on for every renderer.
    expect(electron.state.privileged).toEqual([{ scheme: 'postern', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(electron.state.sandboxed).toBe(true);
    expect(electron.StandInWindow.all).toEqual([]);
    electron.markReady();
    const deadline = Date.now() + 20_000;
    while (electron.StandInWindow.all[0]?.loaded.length !== 1) {
      if (Date.now() > deadline) throw new Error(`no window loaded; errors: ${electron.state.errors.join('; ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 60_000);
  afterAll(() => {
    process.env = saved;
    dir.cleanup();
  });

  it('opens one sandboxed, isolated window on the renderer origin, with the preload bundle', () => {
    const [window] = electron.StandInWindow.all;
    expect(electron.state.errors).toEqual([]);
    expect(window?.loaded).toEqual(['postern://app/index.html']);
    expect(window?.options).toMatchObject({ width: 1280, height: 800, show: false, webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true } });
    expect((window?.options['webPreferences'] as { preload: string }).preload).toBe(join(process.cwd(), 'dist', 'preload', 'index.cjs'));
    // The window's webContents were hardened as they were made.
    expect(window?.webContents.windowOpenHandler?.({ url: 'https://help.example/' })).toEqual({ action: 'deny' });
    expect([...(window?.webContents.contentsListeners.keys() ?? [])]).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
    expect(electron.state.session).toEqual({ beforeRequest: true, headersReceived: true, permissionRequest: true, permissionCheck: true });
  });

  it('serves the renderer on postern:// with the CSP', async () => {
    const handler = electron.state.protocol.get('postern');
    const response = (await handler?.({ url: 'postern://app/index.html', method: 'GET' })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers the contract on postern:call from the renderer only, backed by the real services in the data folder', async () => {
    const call = electron.state.ipc.get('postern:call');
    expect([...electron.state.ipc.keys()]).toEqual(['postern:call']);
    const ours = { senderFrame: { url: 'postern://app/index.html' } };
    expect(await call?.(ours, { name: 'workspaces.create', input: { name: 'From main' } })).toMatchObject({ ok: true, value: { name: 'From main' } });
    expect(await call?.({ senderFrame: { url: 'https://evil.example/' } }, { name: 'workspaces.list', input: {} })).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN' } });
    expect(existsSync(join(dir.file('xdg'), 'postern'))).toBe(true);
  });

  it('remembers the window state in the data folder, focuses on a second start, and closes the services on quit', async () => {
    const [window] = electron.StandInWindow.all;
    window?.emit('close');
    const stateFile = join(dir.file('xdg'), 'postern', 'window-state.json');
    const deadline = Date.now() + 5000;
    while (!existsSync(stateFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ x: 40, y: 30, width: 1000, height: 700, maximized: false });

    electron.emit(electron.appListeners, 'second-instance');
    expect(window?.focused).toBe(1);

    electron.emit(electron.appListeners, 'window-all-closed');
    // The first quit is held until the services are closed; then main quits again.
    const until = Date.now() + 10_000;
    while (electron.state.quits < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(electron.state.quits).toBe(2);
    const call = electron.state.ipc.get('postern:call');
    expect(await call?.({ senderFrame: { url: 'postern://app/index.html' } }, { name: 'workspaces.list', input: {} })).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'the services are closed' } });
  });
});
