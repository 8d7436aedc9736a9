import { f, locale, PAGE, seo, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::comparison-page.comparison-page: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
  settings: { mainField: 'title', defaultSortBy: 'displayOrder', defaultSortOrder: 'ASC' },
  list: ['title', 'slug', 'locale', 'displayOrder'],
  edit: [
    [f('title'), f('slug')],
    [f('intro', 12)],
    [f('options', 12)],
    [f('criteria', 12)],
    [f('linkLabel'), f('displayOrder', 4)],
    [f('seo', 12)],
  ],
  fields: {
    title: {
      label: 'Titre',
      en: 'Title',
      help: `Intertitre de la section de comparaison (« Externalisation totale ou partielle ») et titre de sa page.`,
    },
    slug: {
      label: 'Adresse de la page (slug)',
      en: 'URL slug',
      help: 'Fin de l’adresse de la page de comparaison qu’ouvre le lien de la section.',
    },
    intro: {
      label: 'Introduction',
      en: 'Introduction',
      help: `Phrase sous l’intertitre, sections ${PAGE.comparisons} (« Selon les objectifs… »).`,
    },
    options: {
      label: 'Options comparées',
      en: 'Compared options',
      help: 'Les puces de la section (« Totale : … », « Partielle : … ») et les colonnes du tableau comparatif.',
    },
    criteria: {
      label: 'Tableau comparatif',
      en: 'Comparison table',
      help: 'Les lignes du tableau de la page de comparaison : un critère, une valeur par option.',
    },
    linkLabel: {
      label: 'Texte du lien',
      en: 'Link label',
      help: 'Lien en bas de la section de comparaison (« Comparer externalisation totale et partielle »).',
    },
    displayOrder: {
      label: 'Ordre d’affichage',
      en: 'Display order',
      help: `Place de la section parmi les comparaisons ${PAGE.comparisons} (1 = première) ; commun aux langues.`,
    },
    seo: seo('la page de comparaison'),
    locale,
  },
};

export default view;
