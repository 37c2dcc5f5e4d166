import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { serverErrorOf as failure } from '../../../../tests/server/support/server-error.js';

describe('audit cursors', () => {
  it('round-trips and is URL-safe', () => {
    const text = encodeCursor({ seq: 12345, order: 'desc' });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, 'desc')).toEqual({ seq: 12345, order: 'desc' });
  });

  it('refuses damaged cursors naming the cursor field', () => {
    const forged = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const text of ['', 'not a cursor!', 'AAAA', forged({ seq: -1, order: 'asc' }), forged({ seq: 1.5, order: 'asc' }), forged({ seq: 3, order: 'up' }), forged({ seq: 3, order: 'asc', extra: 1 }), forged([1])]) {
      const error = failure(() => decodeCursor(text, 'asc'));
      expect(error.code).toBe('INVALID_CURSOR');
      expect(error.field).toBe('cursor');
      expect(error.status).toBe(400);
    }
  });

  it('refuses a cursor issued for the other order', () => {
    const error = failure(() => decodeCursor(encodeCursor({ seq: 5, order: 'asc' }), 'desc'));
    expect(error.message).toContain('orderBy=asc');
  });
});
