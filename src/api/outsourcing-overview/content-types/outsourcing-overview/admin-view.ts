import { f, locale, PAGE, seo, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::outsourcing-overview.outsourcing-overview: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
  settings: { mainField: 'title' },
  list: ['title', 'locale'],
  edit: [
    [f('title', 12)],
    [f('intro', 12)],
    [f('categoriesSection', 12)],
    [f('categories'), f('comparisonPages')],
    [f('choosingSection', 12)],
    [f('factors', 12)],
    [f('choosingConclusion', 12)],
    [f('closingText', 12)],
    [f('relatedTitle', 12)],
    [f('quoteCta', 12)],
    [f('seo', 12)],
  ],
  fields: {
    title: {
      label: 'Titre de la page',
      en: 'Page title',
      help: `Grand titre de l’${PAGE.hero} (« Les types d’externalisation »).`,
    },
    intro: {
      label: 'Introduction',
      en: 'Introduction',
      help: `Paragraphe sous le grand titre, en ${PAGE.hero} (« Votre entreprise envisage d’externaliser… »).`,
    },
    categoriesSection: {
      label: 'Section « Catégories »',
      en: 'Categories section',
      help: `Intertitre et introduction de la section ${PAGE.categories}.`,
    },
    categories: {
      label: 'Catégories présentées',
      en: 'Categories shown',
      help: `Les cartes BPO, ITO et KPO de la section ${PAGE.categories}, dans l’ordre de cette liste : faites glisser une catégorie pour changer la place de sa carte.`,
    },
    comparisonPages: {
      label: 'Comparaisons présentées',
      en: 'Comparisons shown',
      help: `Les sections ${PAGE.comparisons}, sous les catégories.`,
    },
    choosingSection: {
      label: 'Section « Comment choisir »',
      en: 'How-to-choose section',
      help: `Intertitre et phrase d’introduction de la section ${PAGE.choosing}.`,
    },
    factors: {
      label: 'Facteurs de choix',
      en: 'Choice factors',
      help: `La liste à puces de la section ${PAGE.choosing} (« Le niveau de confidentialité… »).`,
    },
    choosingConclusion: {
      label: 'Conclusion « Comment choisir »',
      en: 'How-to-choose conclusion',
      help: `Phrase après la liste des facteurs, section ${PAGE.choosing} (« Un diagnostic préalable… »).`,
    },
    closingText: {
      label: 'Texte de conclusion',
      en: 'Closing text',
      help: 'Dernier paragraphe avant les liens de bas de page (« L’externalisation n’est pas une solution uniforme… »).',
    },
    relatedTitle: {
      label: 'Titre « Vous aimerez aussi »',
      en: 'Related pages title',
      help: `Intertitre de la section ${PAGE.related}, en bas de page.`,
    },
    quoteCta: {
      label: 'Bloc « Demander un devis »',
      en: 'Quote call-to-action',
      help: `L’encadré ${PAGE.quote} et les textes de son formulaire, en bas de page.`,
    },
    seo: seo('la page'),
    locale,
  },
};

export default view;
