import type { Approach, QuoteStage, RequestLocale, RequestedModel, Scope } from '../constants';

/**
 * The words a person reads for the stored values of a quote request (stage, model, scope, approach,
 * language, delivery status, derived tags), in French and English: for the spreadsheet export and the
 * sales mail, which are read by people, never parsed back. The stored values stay the API's contract.
 */
type Labels<K extends string> = Record<RequestLocale, Record<K, string>>;

export type DeliveryStatus = 'pending' | 'sent' | 'partial' | 'failed' | 'skipped';

const STAGE_LABELS: Labels<QuoteStage> = {
  fr: {
    new: 'Nouvelle',
    qualified: 'Qualifiée',
    contacted: 'Contactée',
    proposal: 'Proposition envoyée',
    won: 'Gagnée',
    lost: 'Perdue',
    spam: 'Indésirable',
  },
  en: {
    new: 'New',
    qualified: 'Qualified',
    contacted: 'Contacted',
    proposal: 'Proposal sent',
    won: 'Won',
    lost: 'Lost',
    spam: 'Spam',
  },
};

const MODEL_LABELS: Labels<RequestedModel> = {
  fr: { bpo: 'BPO', ito: 'ITO', kpo: 'KPO', undecided: 'À définir' },
  en: { bpo: 'BPO', ito: 'ITO', kpo: 'KPO', undecided: 'To be defined' },
};

const SCOPE_LABELS: Labels<Scope> = {
  fr: { total: 'Totale', partial: 'Partielle', undecided: 'À définir' },
  en: { total: 'Total', partial: 'Partial', undecided: 'To be defined' },
};

const APPROACH_LABELS: Labels<Approach> = {
  fr: { tactical: 'Tactique', strategic: 'Stratégique', undecided: 'À définir' },
  en: { tactical: 'Tactical', strategic: 'Strategic', undecided: 'To be defined' },
};

const LANGUAGE_LABELS: Labels<RequestLocale> = {
  fr: { fr: 'Français', en: 'Anglais' },
  en: { fr: 'French', en: 'English' },
};

const DELIVERY_LABELS: Labels<DeliveryStatus> = {
  fr: {
    pending: 'En attente',
    sent: 'Envoyés',
    partial: 'Envoyés en partie',
    failed: 'Échec',
    skipped: 'Sans envoi',
  },
  en: { pending: 'Pending', sent: 'Sent', partial: 'Partly sent', failed: 'Failed', skipped: 'Not sent' },
};

/** What each derived tag's prefix is about (`model:bpo` is the requested model BPO). */
const TAG_FAMILIES: Record<RequestLocale, Record<string, [string, Record<string, string>]>> = {
  fr: {
    model: ['Modèle', MODEL_LABELS.fr],
    scope: ['Périmètre', SCOPE_LABELS.fr],
    approach: ['Approche', APPROACH_LABELS.fr],
  },
  en: {
    model: ['Model', MODEL_LABELS.en],
    scope: ['Scope', SCOPE_LABELS.en],
    approach: ['Approach', APPROACH_LABELS.en],
  },
};

const lookup = (labels: Record<string, string>, value: unknown): unknown =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(labels, value) ? labels[value] : value;

/** A stored value in words; a value without a label (an unknown or empty one) is given back as it is. */
export const valueLabel = {
  stage: (value: unknown, language: RequestLocale): unknown => lookup(STAGE_LABELS[language], value),
  model: (value: unknown, language: RequestLocale): unknown => lookup(MODEL_LABELS[language], value),
  scope: (value: unknown, language: RequestLocale): unknown => lookup(SCOPE_LABELS[language], value),
  approach: (value: unknown, language: RequestLocale): unknown => lookup(APPROACH_LABELS[language], value),
  language: (value: unknown, language: RequestLocale): unknown => lookup(LANGUAGE_LABELS[language], value),
  delivery: (value: unknown, language: RequestLocale): unknown => lookup(DELIVERY_LABELS[language], value),
};

/**
 * A tag in words: derived tags (`model:bpo`, `scope:partial`, `approach:strategic`) as "Modèle : BPO";
 * a tag an editor typed by hand is theirs and kept as typed.
 */
export const tagLabel = (tag: string, language: RequestLocale): string => {
  const separator = tag.indexOf(':');
  if (separator < 0) return tag;
  const family = TAG_FAMILIES[language][tag.slice(0, separator)];
  if (!family) return tag;
  const [name, values] = family;
  const value = tag.slice(separator + 1);
  const word = Object.prototype.hasOwnProperty.call(values, value) ? values[value] : value;
  return `${name}${language === 'fr' ? ' : ' : ': '}${word}`;
};

/** Every tag of a request in words, in their stored order. */
export const tagsLabel = (tags: unknown, language: RequestLocale): unknown =>
  Array.isArray(tags) ? tags.map((tag: unknown) => (typeof tag === 'string' ? tagLabel(tag, language) : tag)) : tags;
