import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopDataDir } from './data-dir.js';
import { browserCommand } from './open-browser.js';

describe('desktopDataDir', () => {
  const linux = { platform: 'linux' as const, home: '/home/ada' };
  it('follows XDG on Linux, ignoring a relative XDG_DATA_HOME', () => {
    expect(desktopDataDir({ XDG_DATA_HOME: '/data' }, linux)).toBe(join('/data', 'postern'));
    expect(desktopDataDir({}, linux)).toBe(join('/home/ada', '.local', 'share', 'postern'));
    expect(desktopDataDir({ XDG_DATA_HOME: 'relative' }, linux)).toBe(join('/home/ada', '.local', 'share', 'postern'));
  });

  it('uses the platform folders on macOS and Windows', () => {
    expect(desktopDataDir({}, { platform: 'darwin', home: '/Users/ada' })).toBe(join('/Users/ada', 'Library', 'Application Support', 'Postern'));
    expect(desktopDataDir({ APPDATA: '/appdata' }, { platform: 'win32', home: '/u' })).toBe(join('/appdata', 'Postern'));
  });
});

describe('browserCommand', () => {
  it('passes the URL as one argument, never through a shell', () => {
    const url = 'http://127.0.0.1:1/#token=a&b';
    expect(browserCommand('linux', url)).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand('darwin', url)).toEqual({ command: 'open', args: [url] });
    expect(browserCommand('win32', url)).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] });
  });
});
