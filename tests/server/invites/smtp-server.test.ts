/**
 * The whole server as an operator runs it (`startServer` with `--mailer smtp://…` and `--public-url`):
 * an invite made over HTTP is delivered to a real SMTP server on 127.0.0.1, links to the public URL (not
 * the request's Host), and the invited user who signs up afterwards accepts it over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerSettings } from '../../../src/server/config.js';
import { startServer, type RunningServer } from '../../../src/server/start.js';

const PASSWORD = 'a long enough password';

describe('invites through a started server and a real SMTP server', () => {
  const received: Buffer[] = [];
  let smtp: SMTPServer;
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'postern-invite-smtp-'));
    const settings = resolveServerSettings(
      { dataDir: dir, port: '0', mailer: `smtp://127.0.0.1:${smtpPort}?from=invites%40postern.example.com`, publicUrl: 'https://postern.example.com/' },
      {},
    );
    server = await startServer(settings, { logDestination: { write: () => undefined }, jobTimers: false });
  });

  afterAll(async () => {
    await server?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function session(email: string): Promise<string> {
    const signUp = await server.app.inject({ method: 'POST', url: '/auth/sign-up', payload: { email, name: email, password: PASSWORD } });
    expect(signUp.statusCode).toBeLessThan(300);
    const signIn = await server.app.inject({ method: 'POST', url: '/auth/sign-in', payload: { email, password: PASSWORD } });
    return signIn.json<{ token: string }>().token;
  }

  it('delivers the invite mail by SMTP with a link to the public URL, and the invitee joins', async () => {
    const owner = await session('owner@example.com');
    const auth = { authorization: `Bearer ${owner}` };
    const team = await server.app.inject({ method: 'POST', url: '/teams', headers: auth, payload: { name: 'Core' } });
    const teamId = team.json<{ id: string }>().id;
    const invited = await server.app.inject({
      method: 'POST',
      url: `/teams/${teamId}/invites`,
      headers: { ...auth, host: 'evil.example.net' },
      payload: { email: 'newcomer@example.com', roles: ['developer'] },
    });
    expect(invited.statusCode).toBe(201);

    expect(received).toHaveLength(1);
    const mail = await simpleParser(received[0] ?? Buffer.alloc(0));
    expect(mail.from?.value[0]?.address).toBe('invites@postern.example.com');
    expect(mail.subject).toBe('You are invited to join Core on Postern');
    const url = /https:\/\/postern\.example\.com\/invites\/accept#token=(\S+)/.exec(mail.text ?? '');
    expect(mail.text).not.toContain('evil.example.net');
    expect(url).not.toBeNull();

    const newcomer = await session('newcomer@example.com');
    const accepted = await server.app.inject({ method: 'POST', url: '/invites/accept', headers: { authorization: `Bearer ${newcomer}` }, payload: { token: url?.[1] } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ teamId, teamName: 'Core', roles: ['developer'], via: 'invite' });
  });
});
