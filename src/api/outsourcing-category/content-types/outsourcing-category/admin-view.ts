import { f, locale, PAGE, seo, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::outsourcing-category.outsourcing-category: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
  settings: { mainField: 'acronym', defaultSortBy: 'code', defaultSortOrder: 'ASC' },
  list: ['acronym', 'name', 'slug', 'locale'],
  edit: [
    [f('code', 6), f('acronym', 6)],
    [f('name'), f('slug')],
    [f('summary', 12)],
    [f('examples', 12)],
    [f('body', 12)],
    [f('linkLabel')],
    [f('seo', 12)],
  ],
  fields: {
    code: {
      label: 'Modèle',
      en: 'Model',
      help: `Quelle carte de la section ${PAGE.categories} (BPO, ITO ou KPO) ; commun aux langues, sert au routage des devis.`,
    },
    acronym: {
      label: 'Sigle',
      en: 'Acronym',
      help: `Début du titre de la carte, section ${PAGE.categories} (« BPO »).`,
    },
    name: {
      label: 'Nom complet',
      en: 'Full name',
      help: `Suite du titre de la carte, section ${PAGE.categories} (« Business Process Outsourcing »).`,
    },
    slug: {
      label: 'Adresse de la page (slug)',
      en: 'URL slug',
      help: 'Fin de l’adresse de la page détaillée qu’ouvre le lien de la carte (« bpo »).',
    },
    summary: {
      label: 'Résumé',
      en: 'Summary',
      help: `Texte de la carte sous son titre, section ${PAGE.categories}.`,
    },
    body: {
      label: 'Page détaillée',
      en: 'Detailed page',
      help: 'Contenu de la page détaillée du modèle, qu’ouvre le lien de la carte.',
    },
    examples: {
      label: 'Exemples',
      en: 'Examples',
      help: `Activités citées sur la carte, section ${PAGE.categories} (paie, facturation…).`,
    },
    linkLabel: {
      label: 'Texte du lien',
      en: 'Link label',
      help: `Lien en bas de la carte, section ${PAGE.categories} (« Découvrir le BPO »).`,
    },
    seo: seo('la page détaillée'),
    locale,
  },
};

export default view;
