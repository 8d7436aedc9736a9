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
 * Plain text, in English like the admin: the reference, what failed, the server's answer, what to do.
 * It names no requester data beyond the reference: the request itself is in the admin.
 */
export const renderDeliveryAlert = (input: DeliveryAlertInput): RenderedAlert => {
  const answer = oneLine(redact(input.serverAnswer, input.redactions)) || '(no answer recorded)';
  const what =
    input.outcome === 'failed'
      ? `The sales notification was not delivered (given up after ${input.attempts} attempt${input.attempts === 1 ? '' : 's'}).`
      : `The sales notification was delivered, but the mail server refused it for: ${input.rejectedRecipients.join(', ')}.`;
  const text = [
    `Reference: ${input.reference}`,
    '',
    what,
    `Mail server answer: ${answer}`,
    '',
    'Check the addresses in Content Manager → Quote routing (or the mail server), then use "Retry" on the',
    'notification in Content Manager → Quote notification. The request itself is under Quote request.',
  ].join('\n');
  return {
    subject: `[Alert] ${input.reference}: sales notification ${input.outcome === 'failed' ? 'not delivered' : 'partly delivered'}`,
    text,
    html: `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(text)}</pre>`,
  };
};
