import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerError } from '../errors.js';
import { createMailer, type MailLog } from './index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'postern-mailer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const LONG_LINK = `https://postern.example.com/invites/accept#token=psi_${'A1b2C3d4'.repeat(6)}`;

describe('file mailer', () => {
  it('writes one RFC 5322 .eml per message, CRLF, that a mail parser reads back', async () => {
    const dir = join(tempDir(), 'spool');
    const mailer = createMailer({ kind: 'file', dir }, { from: 'Postern <invites@example.com>' });
    await mailer.send({ to: 'ann@example.com', subject: 'Join “Core” on Postern', text: `Hello Ann\n\n${LONG_LINK}\n` });
    await mailer.send({ to: 'bob@example.com', subject: 'Second', text: 'two', html: '<p>two</p>' });

    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files.every((name) => name.endsWith('.eml'))).toBe(true);
    const raw = readFileSync(join(dir, files[0] ?? ''));
    expect(raw.toString('latin1')).toMatch(/\r\n\r\n/);
    expect(raw.toString('latin1').replace(/\r\n/g, '')).not.toMatch(/\n/);
    const first = await simpleParser(raw);
    expect(first.to && !Array.isArray(first.to) ? first.to.value[0]?.address : null).toBe('ann@example.com');
    expect(first.from?.value[0]?.address).toBe('invites@example.com');
    expect(first.subject).toBe('Join “Core” on Postern');
    expect(first.text).toContain(LONG_LINK);
    expect(first.messageId).toMatch(/^<.+@.+>$/);
    const second = await simpleParser(readFileSync(join(dir, files[1] ?? '')));
    expect(second.html).toContain('<p>two</p>');
  });

  it('fails with MAIL_FAILED naming the recipient when the directory cannot be written', async () => {
    const file = join(tempDir(), 'not-a-dir');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'x'));
    const mailer = createMailer({ kind: 'file', dir: file });
    const error = await mailer.send({ to: 'ann@example.com', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe('MAIL_FAILED');
    expect((error as ServerError).message).toMatch(/^Mail to ann@example.com could not be sent through file:/);
  });
});

describe('console mailer', () => {
  it('logs a summary and the text through the given log', async () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const log: MailLog = { info: (fields, message) => lines.push({ fields, message }) };
    const mailer = createMailer({ kind: 'console' }, { log: () => log });
    await mailer.send({ to: 'ann@example.com', subject: 'Hi', text: 'the body' });
    expect(lines).toEqual([{ fields: { component: 'mailer', mail: { to: 'ann@example.com', subject: 'Hi', html: false }, text: 'the body' }, message: 'mail to ann@example.com: Hi' }]);
  });
});

interface Delivered {
  readonly from: string | null;
  readonly to: string[];
  readonly user: string | null;
  readonly raw: Buffer;
}

/** A real SMTP server on 127.0.0.1 (smtp-server) that keeps what it receives; plain SMTP with AUTH PLAIN/LOGIN. */
async function startSmtp(credentials: { user: string; pass: string }): Promise<{ port: number; delivered: Delivered[] }> {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address;
        const user = typeof session.user === 'string' ? session.user : null;
        delivered.push({ from, to: session.envelope.rcptTo.map((r) => r.address), user, raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, delivered };
}

describe('SMTP mailer', () => {
  it('delivers to a real SMTP server with AUTH, the From from ?from=, and a message that parses', async () => {
    const smtp = await startSmtp({ user: 'mailer', pass: 's3cret pass' });
    const url = `smtp://mailer:${encodeURIComponent('s3cret pass')}@127.0.0.1:${smtp.port}?from=${encodeURIComponent('Postern <invites@example.com>')}`;
    const mailer = createMailer({ kind: 'smtp', url, display: url.replace(/:[^:@/]*@/, ':***@') });
    cleanups.push(() => mailer.close());
    await mailer.send({ to: 'ann@example.com', subject: 'You are invited', text: `Accept: ${LONG_LINK}` });

    expect(smtp.delivered).toHaveLength(1);
    const [delivery] = smtp.delivered;
    expect(delivery?.user).toBe('mailer');
    expect(delivery?.from).toBe('invites@example.com');
    expect(delivery?.to).toEqual(['ann@example.com']);
    const parsed = await simpleParser(delivery?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe('You are invited');
    expect(parsed.text).toContain(LONG_LINK);
  });

  it('fails with MAIL_FAILED that names the server without its password', async () => {
    const smtp = await startSmtp({ user: 'mailer', pass: 'right' });
    const url = `smtp://mailer:wrong-pass@127.0.0.1:${smtp.port}`;
    const display = `smtp://mailer:***@127.0.0.1:${smtp.port}`;
    const mailer = createMailer({ kind: 'smtp', url, display });
    cleanups.push(() => mailer.close());
    const error = await mailer.send({ to: 'ann@example.com', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect((error as ServerError).code).toBe('MAIL_FAILED');
    expect((error as ServerError).message).toContain(display);
    expect((error as ServerError).message).not.toContain('wrong-pass');
    expect(smtp.delivered).toHaveLength(0);
  });

  it('fails with MAIL_FAILED when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const mailer = createMailer({ kind: 'smtp', url: `smtp://127.0.0.1:${port}`, display: `smtp://127.0.0.1:${port}` });
    cleanups.push(() => mailer.close());
    const error = await mailer.send({ to: 'ann@example.com', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect((error as ServerError).code).toBe('MAIL_FAILED');
  });
});
