import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyProfile } from '../../src/policy/index.js';
import { withTempDir } from './helpers.js';

/** regedit writes UTF-16LE with a BOM and CRLF line ends. */
function regeditBytes(text: string): Buffer {
  return Buffer.from(`\uFEFF${text.replace(/\n/g, '\r\n')}`, 'utf16le');
}

/** A REG_MULTI_SZ as regedit exports it: hex(7) of UTF-16LE strings, each ended by NUL, then a NUL. */
function multiSz(items: string[]): string {
  const bytes = Buffer.from(`${items.join('\0')}\0\0`, 'utf16le');
  return `hex(7):${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
}

describe('policy check of a Windows .reg export', () => {
  it('reads HKLM and HKCU keys, DWORDs, strings with escapes, REG_MULTI_SZ and list subkeys', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'postern.reg');
      await writeFile(file, regeditBytes(`Windows Registry Editor Version 5.00

; machine policy
[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Postern]
"ForceSslVerification"=dword:00000001
"ClientCertificates"="[{\\"host\\":\\"h.example\\",\\"pfx\\":\\"C:\\\\\\\\c.p12\\"}]"
"DisallowedCiphers"=${multiSz(['RC4-SHA', 'DES-CBC3-SHA'])}

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Postern\\AllowedEmailDomains]
"1"="example.com"

[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Postern]
"UpdateChannel"="beta"
`));
      const check = await checkPolicyProfile(file);
      expect(check.problems).toEqual([]);
      expect(check.accepted).toEqual(['ForceSslVerification', 'ClientCertificates', 'DisallowedCiphers', 'AllowedEmailDomains', 'UpdateChannel']);
    });
  });

  it('names the key and what is wrong with a value', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'bad.reg');
      await writeFile(file, regeditBytes(`Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Postern]
"DisableScripts"="1"
"ScriptTimeoutMs"=dword:00000001
`));
      const check = await checkPolicyProfile(file);
      expect(check.problems.map((p) => `${p.origin}: ${p.key}: ${p.message}`)).toEqual([
        `${file}: [HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Postern]: DisableScripts: expected a REG_DWORD 0 or 1, got "1"`,
        expect.stringMatching(/ScriptTimeoutMs: expected an integer from 500 to 600000 \(REG_DWORD\), got number 1/),
      ]);
    });
  });

  it('a file that is not a .reg export, or a line it cannot read, is named with its line', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'x.reg');
      await writeFile(file, 'hello\n');
      expect((await checkPolicyProfile(file)).problems[0]).toMatchObject({ origin: `${file}:1`, message: 'expected "Windows Registry Editor Version 5.00" on the first line' });
      await writeFile(file, 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Postern]\n"DisableScripts"=qword:1\n');
      expect((await checkPolicyProfile(file)).problems[0]).toMatchObject({ origin: `${file}:4`, message: 'cannot read the value of "DisableScripts": expected "text", dword:XXXXXXXX or hex(N):…' });
      await writeFile(file, 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other]\n"A"="b"\n');
      expect((await checkPolicyProfile(file)).problems[0]?.message).toMatch(/^sets no key under/);
    });
  });

  it('the example in the admin guide passes', async () => {
    const doc = await readFile(join(import.meta.dirname, '..', '..', 'docs', 'policy.md'), 'utf8');
    const reg = /```reg\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    await withTempDir(async (dir) => {
      const file = join(dir, 'guide.reg');
      await writeFile(file, reg);
      const check = await checkPolicyProfile(file);
      expect(check.problems).toEqual([]);
      expect(check.accepted).toContain('AllowedEmailDomains');
    });
  });
});
