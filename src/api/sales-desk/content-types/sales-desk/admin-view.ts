import { f, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::sales-desk.sales-desk: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
  settings: { mainField: 'title' },
  list: ['title', 'businessHours', 'timeZone', 'slaHours'],
  edit: [[f('title', 12)], [f('slaHours', 4), f('timeZone', 4), f('holidaysCountry', 4)], [f('businessHours', 12)]],
  fields: {
    title: {
      label: 'Titre',
      en: 'Title',
      help: 'Nom de ce réglage dans les listes et sur la page d’accueil de l’administration.',
      readOnly: true,
    },
    slaHours: {
      label: 'Délai de réponse promis (heures ouvrées)',
      en: 'Promised response time (business hours)',
      help: 'Annoncé au demandeur ; compté sur les heures d’ouverture ci-dessous (ex. 4).',
    },
    timeZone: {
      label: 'Fuseau horaire',
      en: 'Time zone',
      help: 'Fuseau des heures d’ouverture et des heures citées dans les e-mails (ex. Europe/Paris).',
    },
    businessHours: {
      label: 'Heures d’ouverture',
      en: 'Business hours',
      help: 'Jours et heures où l’équipe répond, ex. « lun-ven 9h-12h30, 14h-18h » (jours en français ou en anglais, heures 9h, 9h30 ou 09:00).',
    },
    holidaysCountry: {
      label: 'Pays des jours fériés',
      en: 'Public holidays country',
      help: 'Code du pays dont les jours fériés ferment le service (ex. FR) ; vide : aucun.',
    },
  },
};

export default view;
