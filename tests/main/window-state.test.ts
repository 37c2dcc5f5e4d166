import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { trackWindowState, type StatefulWindow } from '../../main/window-options.js';
import { DEFAULT_WINDOW_STATE, WINDOW_STATE_FILE, fitToDisplays, loadWindowState, parseWindowState, saveWindowState, type WindowState } from '../../main/window-state.js';
import { makeTempDir } from '../support/index.js';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('window state', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.cleanup();
    vi.useRealTimers();
  });

  it('reads a saved state, and falls back to defaults field by field', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":1000,"height":700,"maximized":true}')).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
    expect(parseWindowState('{"x":10,"width":-5,"height":"tall"}')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('{"x":1.5,"y":2,"width":900,"height":600}')).toEqual({ width: 900, height: 600, maximized: false });
    for (const text of ['', 'not json', '[]', 'null', '7']) expect(parseWindowState(text), text).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps a position that is on a display, and drops one that is not', () => {
    expect(fitToDisplays({ x: 100, y: 50, width: 1000, height: 700, maximized: false }, [screen])).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: false });
    // On the second monitor, which is still there.
    expect(fitToDisplays({ x: 2000, y: 100, width: 1000, height: 700, maximized: true }, [screen, right])).toMatchObject({ x: 2000, y: 100 });
    // That monitor was unplugged: the OS centres the window on the primary one.
    expect(fitToDisplays({ x: 2000, y: 100, width: 1000, height: 700, maximized: true }, [screen])).toEqual({ width: 1000, height: 700, maximized: true });
    // Only the bottom edge is visible: the title bar is off screen.
    expect(fitToDisplays({ x: 100, y: -690, width: 1000, height: 700, maximized: false }, [screen])).not.toHaveProperty('x');
  });

  it('shrinks to the primary display and never below the minimum', () => {
    expect(fitToDisplays({ width: 5000, height: 3000, maximized: false }, [screen])).toEqual({ width: 1920, height: 1040, maximized: false });
    expect(fitToDisplays({ width: 100, height: 100, maximized: false }, [screen])).toEqual({ width: 640, height: 480, maximized: false });
  });

  it('saves to the data folder and loads it back; a missing or broken file gives the defaults', async () => {
    const dir = makeTempDir('postern-window-');
    dirs.push(dir);
    const data = join(dir.path, 'data');
    expect(await loadWindowState(data)).toEqual(DEFAULT_WINDOW_STATE);
    const state: WindowState = { x: 12.4, y: 30, width: 1100.6, height: 720, maximized: true };
    await saveWindowState(data, state);
    expect(JSON.parse(readFileSync(join(data, WINDOW_STATE_FILE), 'utf8'))).toEqual({ x: 12, y: 30, width: 1101, height: 720, maximized: true });
    expect(statSync(join(data, WINDOW_STATE_FILE)).mode & 0o777).toBe(0o600);
    expect(await loadWindowState(data)).toEqual({ x: 12, y: 30, width: 1101, height: 720, maximized: true });
    writeFileSync(join(data, WINDOW_STATE_FILE), '{broken');
    expect(await loadWindowState(data)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('saves the normal bounds after moves settle and when the window closes', async () => {
    vi.useFakeTimers();
    const listeners = new Map<string, () => void>();
    let bounds = { x: 0, y: 0, width: 800, height: 600 };
    let maximized = false;
    const window: StatefulWindow = {
      getNormalBounds: () => bounds,
      isMaximized: () => maximized,
      isDestroyed: () => false,
      on: (event, listener) => listeners.set(event, listener),
    };
    const saved: WindowState[] = [];
    trackWindowState(window, async (state) => void saved.push(state), 500);
    bounds = { x: 5, y: 5, width: 800, height: 600 };
    listeners.get('move')?.();
    bounds = { x: 50, y: 60, width: 900, height: 650 };
    listeners.get('resize')?.();
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(saved).toEqual([{ x: 50, y: 60, width: 900, height: 650, maximized: false }]);
    maximized = true;
    listeners.get('maximize')?.();
    listeners.get('close')?.();
    vi.advanceTimersByTime(1000);
    expect(saved).toEqual([
      { x: 50, y: 60, width: 900, height: 650, maximized: false },
      { x: 50, y: 60, width: 900, height: 650, maximized: true },
    ]);
  });
});
