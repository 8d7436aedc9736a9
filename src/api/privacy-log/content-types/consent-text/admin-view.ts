import { f, PAGE, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::privacy-log.consent-text: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
  settings: {
    mainField: 'firstVersion',
    defaultSortBy: 'createdAt',
    defaultSortOrder: 'DESC',
    pageSize: 20,
    filterable: true,
    searchable: true,
  },
  list: ['language', 'firstVersion', 'text', 'createdAt'],
  edit: [[f('language', 4), f('firstVersion')], [f('hash', 12)], [f('text', 12)]],
  fields: {
    hash: {
      label: 'Empreinte',
      en: 'Hash',
      help: 'Identifie la phrase ; chaque demande de devis garde l’empreinte de celle qu’elle a acceptée.',
      readOnly: true,
    },
    text: {
      label: 'Phrase de consentement',
      en: 'Consent sentence',
      help: `La case à cocher du formulaire de la section ${PAGE.quote}, telle que montrée.`,
      readOnly: true,
    },
    language: { label: 'Langue', en: 'Language', help: 'Langue de la page qui l’a montrée.', readOnly: true },
    firstVersion: {
      label: 'Première version',
      en: 'First seen in version',
      help: 'Date de publication de la page qui l’a montrée la première fois.',
      readOnly: true,
    },
    createdAt: {
      label: 'Première utilisation',
      en: 'First used',
      help: 'La première demande envoyée avec cette phrase.',
      readOnly: true,
    },
  },
};

export default view;
