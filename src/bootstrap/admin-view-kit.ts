/**
 * The vocabulary of the Content Manager views (src/api/<name>/content-types/<name>/admin-view.ts and
 * src/features/site-content/component-views.ts): their shape and the wording several of them share.
 * Plain data, no Strapi import: the admin bundle reads the views too.
 */

export interface FieldText {
  /** French label (the stored one). */
  label: string;
  /** English label, for admins whose interface is in English. */
  en: string;
  /** One line under the field in the edit view. */
  help: string;
  /** Shown, but written only by the application. */
  readOnly?: true;
}

export type LayoutField = { name: string; size: number };

export interface ViewDefinition {
  settings?: Record<string, unknown>;
  /** List columns, in order (content types only). */
  list?: string[];
  /** Edit view rows; a field left out of every row is not shown. */
  edit: LayoutField[][];
  fields: Record<string, FieldText>;
}

export const f = (name: string, size = 6): LayoutField => ({ name, size });

/** Sections of the public page, as the French page titles them. */
export const PAGE = {
  hero: 'en-tête de la page',
  categories: '« Les grandes catégories d’externalisation »',
  comparisons: '« Externalisation totale ou partielle » et « Externalisation tactique ou stratégique »',
  choosing: '« Comment choisir le bon modèle d’externalisation ? »',
  related: '« Vous aimerez aussi… »',
  quote: '« Envie d’externaliser ? » (demande de devis)',
  search: 'résultats des moteurs de recherche et onglet du navigateur (invisible sur la page)',
} as const;

export const seo = (what: string): FieldText => ({
  label: 'Référencement (SEO)',
  en: 'SEO',
  help: `Titre et description de ${what} dans les ${PAGE.search}.`,
});

export const locale: FieldText = {
  label: 'Langue',
  en: 'Language',
  help: 'Langue de cette version du contenu (fr ou en) : choisissez-la en haut de l’écran.',
};

export const receivedAt = (help: string): FieldText => ({ label: 'Reçue le', en: 'Received', help, readOnly: true });
