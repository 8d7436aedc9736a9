/**
 * French names for what the admin shows from the schemas: the Content Manager uses a content type's or
 * component's `displayName` as the message id of its title (menu, list, edit view), and an enumeration's
 * raw value as the message id of its option in edit views. Keys are those English ids; the English admin
 * falls back to them as they are.
 */
export const frenchModelNames: Record<string, string> = {
  // Content types
  'Comparison page': 'Page de comparaison',
  'Outsourcing category': "Catégorie d'externalisation",
  'Outsourcing overview': "Vue d'ensemble de l'externalisation",
  'Consent text': 'Texte de consentement',
  'Privacy log': 'Journal de confidentialité',
  'Quote notification': 'E-mail de devis',
  'Quote request': 'Demande de devis',
  'Quote routing': 'Routage des devis',
  'Sales desk': 'Bureau commercial',
  Site: 'Identité du site',
  // Components
  'Criterion row': 'Ligne de critère',
  'Value for an option': 'Valeur pour une option',
  'Compared option': 'Option comparée',
  Example: 'Exemple',
  'Choice factor': 'Facteur de choix',
  'Quote call-to-action': 'Bloc « Demander un devis »',
  'Section intro': 'Introduction de section',
  SEO: 'Référencement (SEO)',
};

/** Enumeration values, as edit-view options (ids shared across types: one French word fits each). */
export const frenchChoiceValues: Record<string, string> = {
  new: 'Nouvelle',
  contacted: 'Contactée',
  qualified: 'Qualifiée',
  proposal: 'Proposition envoyée',
  won: 'Gagnée',
  lost: 'Perdue',
  spam: 'Indésirable',
  bpo: 'BPO',
  ito: 'ITO',
  kpo: 'KPO',
  undecided: 'Non décidé',
  total: 'Totale',
  partial: 'Partielle',
  tactical: 'Tactique',
  strategic: 'Stratégique',
  pending: 'En attente',
  sending: "En cours d'envoi",
  sent: 'Envoyé',
  failed: 'Échec',
  skipped: 'Sans envoi',
  sales: 'Commercial',
  confirmation: 'Confirmation',
  alert: 'Alerte',
  reminder: 'Relance',
  invitation: 'Invitation',
  erase: 'Effacement',
  export: 'Export',
  retention: 'Conservation',
  cli: 'Ligne de commande',
  admin: 'Administration',
  system: 'Système',
  // Languages of a request, a consent text, a privacy record
  fr: 'Français',
  en: 'Anglais',
};

/** The same values for an English admin: words, not the stored codes. */
export const englishChoiceValues: Record<string, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  proposal: 'Proposal sent',
  won: 'Won',
  lost: 'Lost',
  spam: 'Spam',
  bpo: 'BPO',
  ito: 'ITO',
  kpo: 'KPO',
  undecided: 'Undecided',
  total: 'Total',
  partial: 'Partial',
  tactical: 'Tactical',
  strategic: 'Strategic',
  pending: 'Pending',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Not sent',
  sales: 'Sales',
  confirmation: 'Confirmation',
  alert: 'Alert',
  reminder: 'Reminder',
  invitation: 'Invitation',
  erase: 'Erasure',
  export: 'Export',
  retention: 'Retention',
  cli: 'Command line',
  admin: 'Administration',
  system: 'System',
  fr: 'French',
  en: 'English',
};

/** What a request's derived tags (`model:bpo, scope:partial`) are about, in list cells. */
export const tagNames: Record<'fr' | 'en', Record<string, string>> = {
  fr: {
    'quote-request.tag.model': 'Modèle',
    'quote-request.tag.scope': 'Périmètre',
    'quote-request.tag.approach': 'Approche',
    'quote-request.tag': '{name} : {value}',
  },
  en: {
    'quote-request.tag.model': 'Model',
    'quote-request.tag.scope': 'Scope',
    'quote-request.tag.approach': 'Approach',
    'quote-request.tag': '{name}: {value}',
  },
};
