import { escapeHtml, type RenderedEmail } from '../../quote-request/domain/render-emails';
import { formatDeskTime } from '../../sales-desk/domain/desk-settings';

export type InvitationLanguage = 'fr' | 'en';

export interface Invitation {
  /** The invited person's first name, as the inviter typed it (may be empty). */
  firstname?: string | null;
  /** Who invited them (first and last name), or undefined when nobody signed in did (a script). */
  inviterName?: string;
  companyName: string;
  /** `<admin url>/auth/register?registrationToken=…` */
  link: string;
  expiresAt: Date;
  /** The desk's time zone: the expiry reads "lundi 30 novembre à 12:30 (heure de Paris)". */
  timeZone: string;
}

/** The admin's sign-up page for this token (ADMIN_URL, by default PUBLIC_URL + /admin). */
export const registrationLinkOf = (adminUrl: string, registrationToken: string): string =>
  `${adminUrl.replace(/\/+$/, '')}/auth/register?registrationToken=${encodeURIComponent(registrationToken)}`;

const paragraphs = (lines: string[]): string => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');

/**
 * The invitation to the admin panel, in the inviter's admin language: who invited whom to what, the
 * sign-up link and until when it works. Nothing else: the role is shown once signed in.
 */
export const renderInvitation = (invitation: Invitation, language: InvitationLanguage): RenderedEmail => {
  const { companyName, link } = invitation;
  const firstname = invitation.firstname?.trim() ?? '';
  const until = formatDeskTime(invitation.expiresAt, language, invitation.timeZone);
  const lines =
    language === 'fr'
      ? {
          subject: `Invitation à l’administration du site ${companyName}`,
          greeting: firstname ? `Bonjour ${firstname},` : 'Bonjour,',
          intro: invitation.inviterName
            ? `${invitation.inviterName} vous invite à rejoindre l’administration du site ${companyName}.`
            : `Vous êtes invité(e) à rejoindre l’administration du site ${companyName}.`,
          action: 'Choisissez votre mot de passe sur cette page pour créer votre compte :',
          expiry: `Ce lien est valable jusqu’au ${until}. Passé ce délai, demandez à un administrateur de vous renvoyer l’invitation.`,
          unexpected: 'Si vous n’attendiez pas cette invitation, ignorez ce message : aucun compte ne sera créé.',
          button: 'Créer mon compte',
        }
      : {
          subject: `Invitation to the ${companyName} site administration`,
          greeting: firstname ? `Hello ${firstname},` : 'Hello,',
          intro: invitation.inviterName
            ? `${invitation.inviterName} invites you to join the ${companyName} site administration.`
            : `You are invited to join the ${companyName} site administration.`,
          action: 'Choose your password on this page to create your account:',
          expiry: `This link works until ${until}. After that, ask an administrator to send the invitation again.`,
          unexpected: 'If you were not expecting this invitation, ignore this message: no account will be created.',
          button: 'Create my account',
        };
  const text = [lines.greeting, '', lines.intro, lines.action, link, '', lines.expiry, '', lines.unexpected, ''].join(
    '\n'
  );
  const html = [
    paragraphs([lines.greeting, lines.intro, lines.action]),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(lines.button)}</a></p>`,
    `<p style="word-break:break-all">${escapeHtml(link)}</p>`,
    paragraphs([lines.expiry, lines.unexpected]),
  ].join('\n');
  return { subject: lines.subject, text, html };
};
