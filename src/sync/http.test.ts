import { describe, expect, it } from 'vitest';
import { statusError } from './http.js';

describe('status errors', () => {
  it('keeps the server\'s code, message and field for a 4xx', () => {
    const error = statusError(400, JSON.stringify({ error: { code: 'CURRENT_VALUES_REFUSED', message: 'current values stay on the device', field: 'changes[0].content.values[0].currentValue' } }), 'push');
    expect(error.toJSON()).toEqual({ kind: 'refused', code: 'CURRENT_VALUES_REFUSED', message: 'current values stay on the device', field: 'changes[0].content.values[0].currentValue', status: 400 });
    expect(error.toLine()).toBe('changes[0].content.values[0].currentValue: current values stay on the device');
  });

  it('treats 5xx, 429 and 408 as offline, also without a JSON body', () => {
    expect(statusError(503, '<html>bad gateway</html>', 'pull').toJSON()).toEqual({ kind: 'offline', code: 'SERVER_UNAVAILABLE', message: 'pull: the server answered 503', status: 503 });
    expect(statusError(429, JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'slow down', field: null } }), 'pull').kind).toBe('offline');
    expect(statusError(408, '', 'pull').kind).toBe('offline');
  });

  it('names the status when a 4xx body is not the error shape', () => {
    expect(statusError(404, 'not found', 'pull').toJSON()).toEqual({ kind: 'refused', code: 'HTTP_404', message: 'pull: the server answered 404', status: 404 });
  });
});
