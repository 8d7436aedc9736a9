import { f, PAGE, type ViewDefinition } from '../../bootstrap/admin-view-kit';

/** What the Content Manager shows for the site content's components (src/components): applied by src/bootstrap/admin-views.ts. */
export const COMPONENT_VIEWS: Record<string, ViewDefinition> = {
  'shared.seo': {
    edit: [[f('metaTitle'), f('canonicalUrl')], [f('metaDescription', 12)], [f('metaImage'), f('noIndex', 4)]],
    fields: {
      metaTitle: {
        label: 'Titre SEO',
        en: 'Meta title',
        help: `Titre des ${PAGE.search} ; 60 caractères au plus.`,
      },
      metaDescription: {
        label: 'Description SEO',
        en: 'Meta description',
        help: `Texte sous le titre dans les ${PAGE.search} ; 160 caractères au plus.`,
      },
      canonicalUrl: {
        label: 'Adresse de référence',
        en: 'Canonical URL',
        help: 'Adresse que les moteurs de recherche retiennent pour cette page (ex. /fr/externalisation).',
      },
      metaImage: {
        label: 'Image de partage',
        en: 'Share image',
        help: 'Image montrée quand la page est partagée sur un réseau social ; invisible sur la page.',
      },
      noIndex: {
        label: 'Masquer aux moteurs de recherche',
        en: 'Hide from search engines',
        help: 'Quand ce réglage est activé, la page n’apparaît pas dans les résultats des moteurs de recherche.',
      },
    },
  },
  'overview.section': {
    edit: [[f('title', 12)], [f('intro', 12)]],
    fields: {
      title: {
        label: 'Intertitre',
        en: 'Heading',
        help: `Titre de la section sur la page (ex. ${PAGE.categories}).`,
      },
      intro: {
        label: 'Introduction',
        en: 'Introduction',
        help: 'Phrase ou paragraphe sous l’intertitre de la section.',
      },
    },
  },
  'overview.factor': {
    edit: [[f('label', 12)], [f('description', 12)]],
    fields: {
      label: {
        label: 'Facteur',
        en: 'Factor',
        help: `Une puce de la liste de la section ${PAGE.choosing}.`,
      },
      description: {
        label: 'Précision',
        en: 'Details',
        help: `Texte facultatif après la puce, section ${PAGE.choosing}.`,
      },
    },
  },
  'overview.quote-cta': {
    edit: [
      [f('title'), f('buttonLabel')],
      [f('text', 12)],
      [f('responseTimeNote'), f('requiredFieldsNote')],
      [f('consentLabel', 12)],
    ],
    fields: {
      title: {
        label: 'Titre',
        en: 'Title',
        help: `Titre de l’encadré ${PAGE.quote} (« Envie d’externaliser ? »).`,
      },
      text: {
        label: 'Accroche',
        en: 'Text',
        help: `Phrase sous le titre de l’encadré ${PAGE.quote} (« Demander un devis gratuit et rapide. »).`,
      },
      responseTimeNote: {
        label: 'Délai de réponse annoncé',
        en: 'Response time note',
        help: `Promesse sous l’accroche, encadré ${PAGE.quote} (« Réponse en moyenne sous quelques heures. »).`,
      },
      buttonLabel: {
        label: 'Texte du bouton',
        en: 'Button label',
        help: `Bouton d’envoi du formulaire, encadré ${PAGE.quote} (« Demander un devis »).`,
      },
      requiredFieldsNote: {
        label: 'Mention des champs obligatoires',
        en: 'Required fields note',
        help: `Note sous le formulaire, encadré ${PAGE.quote} (« * Champs obligatoires »).`,
      },
      consentLabel: {
        label: 'Phrase de consentement',
        en: 'Consent sentence',
        help: `Texte de la case à cocher du formulaire, encadré ${PAGE.quote} ; chaque demande garde celle acceptée.`,
      },
    },
  },
  'content.example': {
    edit: [[f('label', 12)]],
    fields: {
      label: {
        label: 'Exemple',
        en: 'Example',
        help: `Une activité citée sur la carte du modèle, section ${PAGE.categories} (ex. « paie »).`,
      },
    },
  },
  'comparison.option': {
    // Listed by label (« Totale »), as editors name the columns.
    settings: { mainField: 'label' },
    edit: [[f('key', 4), f('label', 8)], [f('description', 12)]],
    fields: {
      key: {
        label: 'Clé',
        en: 'Key',
        help: 'Code court (ex. total) qui relie l’option à ses valeurs dans le tableau ; non affiché.',
      },
      label: {
        label: 'Libellé',
        en: 'Label',
        help: `Début de la puce, sections ${PAGE.comparisons} (« Totale »), et en-tête de colonne du tableau.`,
      },
      description: {
        label: 'Description',
        en: 'Description',
        help: 'Suite de la puce (« transfert complet d’une fonction… »).',
      },
    },
  },
  'comparison.criterion': {
    // The row's cells are edited under its title, all open (the custom field global::comparison-row):
    // `values` has no row of its own.
    settings: { mainField: 'criterion' },
    edit: [[f('criterion', 12)]],
    fields: {
      criterion: {
        label: 'Critère',
        en: 'Criterion',
        help: 'Première cellule d’une ligne du tableau de la page de comparaison (ex. « Pilotage »).',
      },
      values: {
        label: 'Valeurs par option',
        en: 'Values per option',
        help: 'Une cellule par option comparée, sur la même ligne du tableau.',
      },
    },
  },
  'comparison.option-value': {
    edit: [[f('optionKey', 4), f('value', 8)]],
    fields: {
      optionKey: {
        label: 'Option',
        en: 'Option',
        help: 'L’option (colonne du tableau), choisie parmi les « Options comparées » de la page.',
      },
      value: {
        label: 'Valeur',
        en: 'Value',
        help: 'Texte de la cellule du tableau de la page de comparaison.',
      },
    },
  },
};
