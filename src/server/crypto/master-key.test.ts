import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMasterKeyHex, loadMasterKey, parseMasterKeyText } from './master-key.js';
import { serverErrorOf as failure } from '../../../tests/server/support/server-error.js';

const dir = mkdtempSync(join(tmpdir(), 'postern-master-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadMasterKey', () => {
  const bytes = randomBytes(32);
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 16);

  it('reads 64 hex characters from a file, trimming whitespace, and names the key by hash', () => {
    const key = loadMasterKey({ file: fileWith('hex', `  ${bytes.toString('hex').toUpperCase()}\n`) });
    expect(key.key.equals(bytes)).toBe(true);
    expect(key.id).toBe(id);
  });

  it('reads base64 and base64url from an environment variable', () => {
    const env = { K1: bytes.toString('base64'), K2: `${bytes.toString('base64url')}\n` };
    expect(loadMasterKey({ env: 'K1' }, env).key.equals(bytes)).toBe(true);
    expect(loadMasterKey({ env: 'K2' }, env).id).toBe(id);
  });

  it('prefers the file over the environment variable', () => {
    const other = randomBytes(32);
    const key = loadMasterKey({ file: fileWith('pref', other.toString('hex')), env: 'K' }, { K: bytes.toString('hex') });
    expect(key.key.equals(other)).toBe(true);
  });

  it('says MASTER_KEY_MISSING naming the file or variable', () => {
    const missingFile = join(dir, 'nope');
    const e1 = failure(() => loadMasterKey({ file: missingFile }));
    expect(e1.code).toBe('MASTER_KEY_MISSING');
    expect(e1.message).toContain(missingFile);
    expect(e1.message).toContain('ENOENT');
    const e2 = failure(() => loadMasterKey({ env: 'POSTERN_MASTER_KEY' }, {}));
    expect(e2.code).toBe('MASTER_KEY_MISSING');
    expect(e2.message).toContain('POSTERN_MASTER_KEY');
    expect(failure(() => loadMasterKey({ env: 'K' }, { K: '  \n' })).code).toBe('MASTER_KEY_MISSING');
    expect(failure(() => loadMasterKey({}, {})).code).toBe('MASTER_KEY_MISSING');
  });

  it('says MASTER_KEY_INVALID for a wrong size or encoding, on one line, without echoing the text', () => {
    const secretish = randomBytes(31).toString('hex');
    const bad = [secretish, `${bytes.toString('hex')}00`, randomBytes(16).toString('base64'), 'g'.repeat(64), '00'.repeat(32), `${bytes.toString('hex').slice(0, 32)} ${bytes.toString('hex').slice(32)}`];
    for (const [i, text] of bad.entries()) {
      const e = failure(() => loadMasterKey({ env: 'POSTERN_MASTER_KEY' }, { POSTERN_MASTER_KEY: text }));
      expect(e.code).toBe('MASTER_KEY_INVALID');
      expect(e.message).toContain('POSTERN_MASTER_KEY');
      expect(e.message).not.toContain(text);
      expect(e.message).not.toContain('\n');
      const f = failure(() => loadMasterKey({ file: fileWith(`bad${i}`, text) }));
      expect(f.code).toBe('MASTER_KEY_INVALID');
      expect(f.message).toContain(join(dir, `bad${i}`));
      expect(f.message).not.toContain(text);
    }
  });
});

describe('generateMasterKeyHex', () => {
  it('makes a fresh loadable key each time', () => {
    const a = generateMasterKeyHex();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateMasterKeyHex()).not.toBe(a);
    expect(parseMasterKeyText(a)?.toString('hex')).toBe(a);
  });
});
