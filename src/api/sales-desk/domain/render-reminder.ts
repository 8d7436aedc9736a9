import type { RequestedModel } from '../../quote-request/constants';
import { escapeHtml, type RenderedEmail } from '../../quote-request/domain/render-emails';
import { formatDeskTime } from './desk-settings';

export interface RemindableRequest {
  reference: string;
  requestedModel: RequestedModel;
  company: string;
  receivedAt: Date;
  expectedResponseBy: Date;
}

const MODEL_TAGS: Record<RequestedModel, string> = { bpo: 'BPO', ito: 'ITO', kpo: 'KPO', undecided: 'À DÉFINIR' };

/**
 * The one reminder sales get when a request is still `new` after its promised time. French, like the
 * sales notification, which it points back to (same reference); the request's details are in that mail
 * and in the admin, not repeated here.
 */
export const renderSlaReminder = (request: RemindableRequest, deskTimeZone: string): RenderedEmail => {
  const promised = formatDeskTime(request.expectedResponseBy, 'fr', deskTimeZone);
  const received = formatDeskTime(request.receivedAt, 'fr', deskTimeZone);
  const subject = `[Relance ${MODEL_TAGS[request.requestedModel]}] ${request.reference} — réponse promise dépassée`;
  const lines = [
    `La demande de devis ${request.reference} (${request.company}) attend toujours une première réponse.`,
    `Reçue le ${received}, une réponse avait été promise pour le ${promised}.`,
    '',
    'Répondez au demandeur (le message de la demande, même référence, contient ses coordonnées), puis faites ' +
      'passer la demande à l’étape suivante dans l’administration : c’est ce qui enregistre la première réponse.',
  ];
  const html = lines
    .filter((line) => line !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
  return { subject, text: lines.join('\n'), html };
};
