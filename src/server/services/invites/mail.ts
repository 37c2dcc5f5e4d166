/** The invite mail: who invites, to which team, with which roles, the accept link and when it expires. */
import { ROLE_LABELS, type TeamRole } from '../../authz/index.js';
import type { MailMessage } from '../../mailer/index.js';

export interface InviteMailInput {
  readonly to: string;
  readonly teamName: string;
  readonly inviterEmail: string;
  readonly roles: readonly TeamRole[];
  readonly url: string;
  readonly expiresAt: number;
}

export function inviteMail(input: InviteMailInput): MailMessage {
  const roles = input.roles.map((role) => ROLE_LABELS[role]).join(', ');
  // Team names are free text: keep them on one line so they cannot shape the message.
  const team = input.teamName.replace(/\s+/g, ' ').trim();
  const text = [
    `${input.inviterEmail} invited you to join the team "${team}" on Postern as ${roles}.`,
    '',
    'Accept the invite:',
    input.url,
    '',
    `Sign in (or sign up) with this address, ${input.to}, to accept. The invite expires on ${new Date(input.expiresAt).toUTCString()}.`,
    '',
    "If you did not expect this invite, you can ignore this mail.",
    '',
  ].join('\n');
  return { to: input.to, subject: `You are invited to join ${team} on Postern`, text };
}
