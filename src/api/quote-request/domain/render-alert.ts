import { redact } from './delivery-outcome';
import { escapeHtml } from './render-emails';

export interface DeliveryAlertInput {
  reference: string;
  /** `failed`: nobody received the sales notification; `partial`: some recipients refused it. */
  outcome: 'failed' | 'partial';
  attempts: number;
  /** The mail server's answer (or the local reason) recorded on the notification. */
  serverAnswer: string;
  rejectedRecipients: string[];
  /** The requester's own data (address, name, company): replaced if the server's answer echoes it. */
  redactions: (string | null | undefined)[];
}

export interface RenderedAlert {
  subject: string;
  text: string;
  /** The text, escaped: without it the mail provider would send the text itself as HTML. */
  html: string;
}

const MAX_ANSWER = 600;

/** Control characters out, one line, bounded: the answer comes from a remote server. */
const oneLine = (value: string): string =>
  Array.from(value)
    .map((character) => (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(character) ? ' ' : character))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_ANSWER);

/**
 * The alert the sales team gets when the sales notification of a request was not (fully) delivered.
 * Plain text, in French like the sales notification it is about: the reference, what failed, the
 * server's answer, what to do. It names no requester data beyond the reference: the request itself is in
 * the admin.
 */
export const renderDeliveryAlert = (input: DeliveryAlertInput): RenderedAlert => {
  const answer = oneLine(redact(input.serverAnswer, input.redactions)) || '(aucune réponse enregistrée)';
  const what =
    input.outcome === 'failed'
      ? `L’e-mail commercial n’a pas été remis (abandon après ${input.attempts} tentative${input.attempts === 1 ? '' : 's'}).`
      : `L’e-mail commercial a été remis, mais le serveur de messagerie l’a refusé pour : ${input.rejectedRecipients.join(', ')}.`;
  const text = [
    `Référence : ${input.reference}`,
    '',
    what,
    `Réponse du serveur de messagerie : ${answer}`,
    '',
    'Vérifiez les adresses dans Gestionnaire de contenu → Routage des devis (ou le serveur de messagerie), puis',
    'utilisez « Renvoyer » sur l’e-mail dans Gestionnaire de contenu → E-mail de devis. La demande elle-même est',
    'dans Demande de devis.',
  ].join('\n');
  return {
    subject: `[Alerte] ${input.reference} : e-mail commercial ${input.outcome === 'failed' ? 'non remis' : 'remis en partie'}`,
    text,
    html: `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(text)}</pre>`,
  };
};
