import { f, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::quote-notification.quote-notification: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
  settings: {
    mainField: 'reference',
    // Failed and partly delivered mails first, then the others, newest first (see list-order.ts).
    defaultSortBy: 'listOrder',
    defaultSortOrder: 'DESC',
    pageSize: 20,
    filterable: true,
    searchable: true,
  },
  list: ['reference', 'deliveryStatus', 'kind', 'recipientList', 'attempts', 'sentAt', 'lastError'],
  edit: [
    [f('reference', 4), f('kind', 4), f('deliveryStatus', 4)],
    [f('attempts', 4), f('sentAt', 4), f('nextAttemptAt', 4)],
    [f('lastError', 12)],
    [f('recipientList', 12)],
    [f('messageId')],
  ],
  fields: {
    reference: {
      label: 'Demande',
      en: 'Request',
      help: 'Référence de la demande de devis concernée.',
      readOnly: true,
    },
    kind: {
      label: 'Type',
      en: 'Mail',
      help: 'Commercial : à l’équipe commerciale ; Confirmation : au demandeur ; Alerte : échec de livraison ; Relance : rappel du délai ; Invitation : lien d’inscription d’un nouvel utilisateur de l’administration.',
      readOnly: true,
    },
    deliveryStatus: {
      label: 'Statut',
      en: 'Status',
      help: 'En attente, En cours d’envoi, Envoyé ; Partielle : refusé par certains destinataires ; Échec : renvoyez-le avec « Renvoyer ».',
      readOnly: true,
    },
    attempts: {
      label: 'Tentatives',
      en: 'Attempts',
      help: 'Essais d’envoi déjà faits ; un essai manqué est refait plus tard, de plus en plus espacé.',
      readOnly: true,
    },
    sentAt: {
      label: 'Envoyé le',
      en: 'Sent at',
      help: 'Quand le serveur de messagerie l’a accepté.',
      readOnly: true,
    },
    nextAttemptAt: {
      label: 'Prochain essai le',
      en: 'Next attempt at',
      help: 'Quand l’envoi sera retenté, s’il est en attente.',
      readOnly: true,
    },
    lastError: {
      label: 'Dernière erreur',
      en: 'Last error',
      help: 'La réponse du serveur de messagerie au dernier essai manqué, adresses refusées comprises.',
      readOnly: true,
    },
    recipients: {
      label: 'Destinataires (données)',
      en: 'Recipients (data)',
      help: 'Les adresses telles que les lit l’application ; affichées en texte dans « Destinataires ».',
      readOnly: true,
    },
    cc: {
      label: 'Copies (données)',
      en: 'Cc (data)',
      help: 'Les copies telles que les lit l’application ; affichées dans « Destinataires ».',
      readOnly: true,
    },
    rejectedRecipients: {
      label: 'Destinataires refusés (données)',
      en: 'Refused recipients (data)',
      help: 'Adresses que le serveur de messagerie a refusées ; nommées aussi dans « Dernière erreur ».',
      readOnly: true,
    },
    recipientList: {
      label: 'Destinataires',
      en: 'Recipients',
      help: 'À qui l’e-mail est parti, copies comprises ; choisis au moment de l’envoi d’après le routage.',
      readOnly: true,
    },
    messageId: {
      label: 'Identifiant du message',
      en: 'Message-ID',
      help: 'Donné par le serveur de messagerie : à citer pour retrouver l’e-mail chez lui.',
      readOnly: true,
    },
    quoteRequestId: {
      label: 'Numéro interne de la demande',
      en: 'Request id',
      help: 'Lien technique vers la demande ; la référence la nomme.',
      readOnly: true,
    },
    adminUserId: {
      label: 'Numéro interne de l’utilisateur invité',
      en: 'Invited user id',
      help: 'Pour une invitation : l’utilisateur de l’administration (Paramètres → Utilisateurs) à qui elle part.',
      readOnly: true,
    },
    alertFor: {
      label: 'Alerte sur l’e-mail',
      en: 'Alert about',
      help: 'Pour une alerte : l’e-mail commercial dont elle signale l’échec.',
      readOnly: true,
    },
    lockedBy: {
      label: 'Pris en charge par',
      en: 'Claimed by',
      help: 'Le serveur qui envoie l’e-mail en ce moment.',
      readOnly: true,
    },
    lockedUntil: {
      label: 'Prise en charge jusqu’au',
      en: 'Claimed until',
      help: 'Passé ce délai, un autre serveur peut reprendre l’envoi.',
      readOnly: true,
    },
    listOrder: {
      label: 'Ordre dans la liste',
      en: 'List order',
      help: 'Tient les e-mails en échec en tête de liste, puis les plus récents.',
      readOnly: true,
    },
    priority: {
      label: 'Priorité d’envoi',
      en: 'Send priority',
      help: '0 : envoyé en premier (commercial, relance, alerte) ; 1 : confirmation, envoyée ensuite.',
      readOnly: true,
    },
    createdAt: { label: 'Créé le', en: 'Created', help: 'Quand l’e-mail a été mis en file d’envoi.', readOnly: true },
  },
};

export default view;
