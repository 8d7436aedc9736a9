import type { Approach, RequestedModel, RequestLocale, Scope } from '../constants';
import { formatDeskTime } from '../../sales-desk/domain/desk-settings';
import { tagLabel, valueLabel } from './value-labels';

export interface RenderableRequest {
  /** The request's document id, for the link to it in the admin. */
  documentId?: string;
  reference: string;
  fullName: string;
  email: string;
  phone?: string | null;
  company: string;
  jobTitle?: string | null;
  requestedModel: RequestedModel;
  scope?: Scope | null;
  approach?: Approach | null;
  message: string;
  locale: RequestLocale;
  sourceUrl?: string | null;
  tags?: string[] | null;
  receivedAt: Date;
  expectedResponseBy: Date;
}

/** A file attached to the request, as the sales mail names it (the file itself is never attached). */
export interface AttachmentMention {
  name: string;
  size: number;
}

/** « 1,2 Mo », « 35 Ko »: the size as the sales team reads it. */
export const sizeInWords = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(Math.round((bytes / (1024 * 1024)) * 10) / 10).toLocaleString('fr-FR')} Mo`
    : `${Math.max(1, Math.round(bytes / 1024))} Ko`;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

const MODEL_LABELS: Record<RequestLocale, Record<RequestedModel, string>> = {
  fr: {
    bpo: 'BPO – Business Process Outsourcing',
    ito: 'ITO – Information Technology Outsourcing',
    kpo: 'KPO – Knowledge Process Outsourcing',
    undecided: 'Modèle à définir',
  },
  en: {
    bpo: 'BPO – Business Process Outsourcing',
    ito: 'ITO – Information Technology Outsourcing',
    kpo: 'KPO – Knowledge Process Outsourcing',
    undecided: 'Model to be defined',
  },
};

const SUBJECT_TAGS: Record<RequestedModel, string> = { bpo: 'BPO', ito: 'ITO', kpo: 'KPO', undecided: 'À DÉFINIR' };

const SCOPE_LABELS: Record<Scope, string> = { total: 'Totale', partial: 'Partielle', undecided: 'À définir' };
const APPROACH_LABELS: Record<Approach, string> = {
  tactical: 'Tactique',
  strategic: 'Stratégique',
  undecided: 'À définir',
};

/** The quote request's edit view in the admin panel (ADMIN_URL is the admin's absolute URL). */
export const adminLinkOf = (adminUrl: string, documentId: string): string =>
  `${adminUrl.replace(/\/+$/, '')}/content-manager/collection-types/api::quote-request.quote-request/${encodeURIComponent(documentId)}`;

const table = (rows: [string, string][]): string =>
  `<table cellpadding="6" style="border-collapse:collapse">${rows
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="vertical-align:top">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`
    )
    .join('')}</table>`;

/**
 * The notification sales receive: every field of the request, French, HTML and text, user input
 * escaped; times in the sales desk's time zone, stated with it; a link to the request in the admin.
 */
export const renderSalesNotification = (
  request: RenderableRequest,
  deskTimeZone = 'Europe/Paris',
  { adminUrl, attachments = [] }: { adminUrl?: string; attachments?: readonly AttachmentMention[] } = {}
): RenderedEmail => {
  const link = adminUrl && request.documentId ? adminLinkOf(adminUrl, request.documentId) : undefined;
  const files = attachments.map((file) => `${file.name} (${sizeInWords(file.size)})`);
  const rows: [string, string][] = [
    ['Référence', request.reference],
    ['Modèle demandé', MODEL_LABELS.fr[request.requestedModel]],
    ...(request.scope ? [['Externalisation', SCOPE_LABELS[request.scope]] as [string, string]] : []),
    ...(request.approach ? [['Démarche', APPROACH_LABELS[request.approach]] as [string, string]] : []),
    ['Nom', request.fullName],
    ['Société', request.company],
    ...(request.jobTitle ? [['Fonction', request.jobTitle] as [string, string]] : []),
    ['E-mail', request.email],
    ...(request.phone ? [['Téléphone', request.phone] as [string, string]] : []),
    ['Langue', String(valueLabel.language(request.locale, 'fr'))],
    ...(request.sourceUrl ? [['Page d’origine', request.sourceUrl] as [string, string]] : []),
    ['Étiquettes', (request.tags ?? []).map((tag) => tagLabel(tag, 'fr')).join(', ')],
    ['Reçue le', formatDeskTime(request.receivedAt, 'fr', deskTimeZone)],
    ['Réponse attendue avant', formatDeskTime(request.expectedResponseBy, 'fr', deskTimeZone)],
  ];
  const subject = `[${SUBJECT_TAGS[request.requestedModel]}] Demande de devis ${request.reference} — ${request.company}`;
  const text = [
    `Nouvelle demande de devis ${request.reference}`,
    '',
    ...rows.map(([label, value]) => `${label} : ${value}`),
    '',
    'Message :',
    request.message,
    '',
    ...(files.length > 0
      ? ['', `Pièces jointes (${files.length}, à télécharger depuis l’administration) :`, ...files.map((f) => `- ${f}`)]
      : []),
    ...(link ? ['', `Ouvrir la demande dans l’administration : ${link}`] : []),
    '',
    'Répondez directement à ce message pour écrire au demandeur.',
  ].join('\n');
  const html = [
    `<h1>Nouvelle demande de devis ${escapeHtml(request.reference)}</h1>`,
    table(rows),
    '<h2>Message</h2>',
    `<p style="white-space:pre-wrap">${escapeHtml(request.message)}</p>`,
    ...(files.length > 0
      ? [
          `<h2>Pièces jointes (${files.length})</h2>`,
          `<ul>${files.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`,
          '<p>À télécharger depuis la demande dans l’administration.</p>',
        ]
      : []),
    ...(link ? [`<p><a href="${escapeHtml(link)}">Ouvrir la demande dans l’administration</a></p>`] : []),
    '<p>Répondez directement à ce message pour écrire au demandeur.</p>',
  ].join('\n');
  return { subject, text, html };
};

const CONFIRMATION_COPY: Record<
  RequestLocale,
  {
    subject: (ref: string) => string;
    /** `name` is empty when the requester's first word is not a plain name. */
    greeting: (name: string) => string;
    body: string[];
    promise: (by: string) => string;
    model: string;
    closing: (company: string | undefined) => string;
  }
> = {
  fr: {
    subject: (ref) => `Votre demande de devis ${ref}`,
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    body: ['Nous avons bien reçu votre demande de devis et nous vous en remercions.'],
    promise: (by) => `Réponse en moyenne sous quelques heures : un conseiller vous contactera au plus tard le ${by}.`,
    model: 'Modèle demandé',
    closing: (company) => (company ? `L’équipe commerciale — ${company}` : 'L’équipe commerciale'),
  },
  en: {
    subject: (ref) => `Your quote request ${ref}`,
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    body: ['Thank you: we have received your quote request.'],
    promise: (by) => `We usually reply within a few hours: an advisor will contact you by ${by} at the latest.`,
    model: 'Requested model',
    closing: (company) => (company ? `The sales team — ${company}` : 'The sales team'),
  },
};

export const GREETING_NAME_MAX = 40;

/**
 * A plain name: letters (with their combining marks, "Zoé" typed decomposed), apostrophes and hyphens.
 * No digit, dot, colon, slash or at sign, so no link, domain or address ever gets through.
 */
const PLAIN_NAME = /^[\p{L}\p{M}'’-]+$/u;

/**
 * The only requester text a confirmation carries: the first word of the name, at most 40 characters,
 * and only when it is a plain name (else the greeting has no name). Anyone can type any address in the
 * form, so the confirmation must not be a channel that delivers an attacker's sentence or link
 * ("https://evil.example/reset-password Bob") from the company's domain to a third party.
 */
export const greetingName = (fullName: string): string => {
  const first = fullName.trim().split(/\s+/u)[0] ?? '';
  if (!PLAIN_NAME.test(first)) return '';
  return Array.from(first).slice(0, GREETING_NAME_MAX).join('');
};

/**
 * The confirmation the requester receives, in their language, with the reference and the response-time
 * promise stated in the sales desk's time zone ("lundi 30 novembre à 12:30 (heure de Paris)"), signed
 * with the company's name (COMPANY_NAME).
 */
export const renderConfirmation = (
  request: RenderableRequest,
  deskTimeZone = 'Europe/Paris',
  { companyName, signature }: { companyName?: string; signature?: string } = {}
): RenderedEmail => {
  const copy = CONFIRMATION_COPY[request.locale];
  // The signature editors wrote for this language (Site), else the sales team of COMPANY_NAME.
  const closing = signature?.trim() || copy.closing(companyName?.trim() || undefined);
  const by = formatDeskTime(request.expectedResponseBy, request.locale, deskTimeZone);
  const referenceLine =
    request.locale === 'fr' ? `Référence : ${request.reference}` : `Reference: ${request.reference}`;
  const modelLine = `${copy.model}${request.locale === 'fr' ? ' : ' : ': '}${MODEL_LABELS[request.locale][request.requestedModel]}`;
  const text = [
    copy.greeting(greetingName(request.fullName)),
    '',
    ...copy.body,
    referenceLine,
    modelLine,
    '',
    copy.promise(by),
    '',
    closing,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(copy.greeting(greetingName(request.fullName)))}</p>`,
    ...copy.body.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><strong>${escapeHtml(referenceLine)}</strong><br>${escapeHtml(modelLine)}</p>`,
    `<p>${escapeHtml(copy.promise(by))}</p>`,
    `<p>${escapeHtml(closing)}</p>`,
  ].join('\n');
  return { subject: copy.subject(request.reference), text, html };
};
