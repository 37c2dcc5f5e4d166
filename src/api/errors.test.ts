import { describe, expect, it } from 'vitest';
import { PosternError } from '../model/index.js';
import { WireErrorSchema, toWireError } from './errors.js';

describe('toWireError', () => {
  it('keeps a PosternError code, message and where, and no stack', () => {
    const wire = toWireError(new PosternError('INVALID_COLLECTION', 'expected an object', { file: 'c.json', path: 'item[3].request', line: 7 }));
    expect(wire).toEqual({ code: 'INVALID_COLLECTION', message: 'expected an object', where: { file: 'c.json', path: 'item[3].request', line: 7 } });
    expect(JSON.stringify(wire)).not.toContain('stack');
    expect(WireErrorSchema.safeParse(wire).success).toBe(true);
  });

  it('leaves out an empty where', () => {
    expect(toWireError(new PosternError('ABORTED', 'cancelled'))).toEqual({ code: 'ABORTED', message: 'cancelled' });
  });

  it('turns anything else into one INTERNAL line without a stack', () => {
    const error = new Error('boom\n    at secret (/home/me/app/main.js:10:5)');
    const wire = toWireError(error);
    expect(wire).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(JSON.stringify(wire)).not.toContain('main.js');
    expect(toWireError('plain text')).toEqual({ code: 'INTERNAL', message: 'plain text' });
    expect(toWireError({ weird: true })).toEqual({ code: 'INTERNAL', message: 'internal error' });
  });

  it('the wire schema refuses a stack field', () => {
    expect(WireErrorSchema.safeParse({ code: 'INTERNAL', message: 'x', stack: 'at y' }).success).toBe(false);
  });
});
