import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The window's place and size as remembered between runs (the normal bounds, even when maximised). */
export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

/** A rectangle in screen coordinates: a display's work area. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };
export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 480;
/** How much of the title bar must be on a display for a remembered position to be kept. */
const VISIBLE_WIDTH = 100;
const VISIBLE_HEIGHT = 40;

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Read a saved state leniently: anything malformed falls back to the defaults, field by field. */
export function parseWindowState(text: string): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return DEFAULT_WINDOW_STATE;
  const r = raw as Record<string, unknown>;
  const width = isInteger(r['width']) && r['width'] > 0 ? r['width'] : DEFAULT_WINDOW_STATE.width;
  const height = isInteger(r['height']) && r['height'] > 0 ? r['height'] : DEFAULT_WINDOW_STATE.height;
  const maximized = r['maximized'] === true;
  const x = r['x'];
  const y = r['y'];
  return isInteger(x) && isInteger(y) ? { x, y, width, height, maximized } : { width, height, maximized };
}

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

/**
 * Make a remembered state fit the displays there are now: a window whose title bar is on no display
 * (a monitor was unplugged) loses its position and is centred by the OS; a window larger than the
 * primary work area shrinks to fit it; no window is smaller than the minimum.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  let width = Math.max(MIN_WIDTH, state.width);
  let height = Math.max(MIN_HEIGHT, state.height);
  if (primary !== undefined) {
    width = Math.min(width, Math.max(MIN_WIDTH, primary.width));
    height = Math.min(height, Math.max(MIN_HEIGHT, primary.height));
  }
  const { x, y } = state;
  if (x === undefined || y === undefined) return { width, height, maximized: state.maximized };
  const titleBar: Rect = { x, y, width, height: Math.min(height, VISIBLE_HEIGHT) };
  const visible = workAreas.some((area) => {
    const seen = overlap(titleBar, area);
    return seen.width >= Math.min(VISIBLE_WIDTH, width) && seen.height >= Math.min(VISIBLE_HEIGHT, titleBar.height);
  });
  return visible ? { x, y, width, height, maximized: state.maximized } : { width, height, maximized: state.maximized };
}

/** The saved state in the data folder, or the defaults when there is none (or it is unreadable). */
export async function loadWindowState(dataDir: string): Promise<WindowState> {
  try {
    return parseWindowState(await readFile(join(dataDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Save atomically (a temp file renamed over the old one), so a crash mid-write leaves the old state. */
export async function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  const file = join(dataDir, WINDOW_STATE_FILE);
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const clean: WindowState = state.x !== undefined && state.y !== undefined
    ? { x: Math.round(state.x), y: Math.round(state.y), width: Math.round(state.width), height: Math.round(state.height), maximized: state.maximized }
    : { width: Math.round(state.width), height: Math.round(state.height), maximized: state.maximized };
  await writeFile(temp, `${JSON.stringify(clean)}\n`, { mode: 0o600 });
  await rename(temp, file);
}
