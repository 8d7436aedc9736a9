import { f, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::privacy-log.privacy-log: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
  settings: {
    mainField: 'action',
    defaultSortBy: 'createdAt',
    defaultSortOrder: 'DESC',
    pageSize: 20,
    filterable: true,
    searchable: true,
  },
  list: ['action', 'actor', 'requestCount', 'notificationCount', 'createdAt'],
  edit: [
    [f('action', 4), f('actor', 4), f('adminId', 4)],
    [f('requestCount'), f('notificationCount')],
    [f('subjectHash', 12)],
    [f('details', 12)],
  ],
  fields: {
    action: {
      label: 'Action',
      en: 'Action',
      help: 'Effacement ; Export : copie remise à la personne ; Conservation : nettoyage quotidien.',
      readOnly: true,
    },
    actor: {
      label: 'Par',
      en: 'By',
      help: 'Administration : un administrateur ; Ligne de commande : un opérateur ; Système : le nettoyage automatique.',
      readOnly: true,
    },
    adminId: {
      label: 'Administrateur (numéro)',
      en: 'Admin id',
      help: 'Le compte administrateur qui a agi, quand c’en est un.',
      readOnly: true,
    },
    requestCount: {
      label: 'Demandes',
      en: 'Requests',
      help: 'Demandes anonymisées, supprimées ou exportées.',
      readOnly: true,
    },
    notificationCount: {
      label: 'E-mails',
      en: 'Notifications',
      help: 'E-mails supprimés ou vidés de leurs adresses.',
      readOnly: true,
    },
    subjectHash: {
      label: 'Empreinte de l’adresse',
      en: 'Address hash',
      help: 'Permet de retrouver l’opération à partir de l’adresse de la personne ; jamais l’adresse elle-même.',
      readOnly: true,
    },
    details: { label: 'Détails', en: 'Details', help: 'Le détail de l’opération.', readOnly: true },
    createdAt: { label: 'Le', en: 'When', help: 'Date et heure de l’opération.', readOnly: true },
  },
};

export default view;
