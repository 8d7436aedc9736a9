import type { RequestLocale } from '../../quote-request/constants';
import { tagsLabel, valueLabel } from '../../quote-request/domain/value-labels';
import type { ExportedNotification, ExportedRequest, PrivacyExport } from './privacy-export';

/**
 * The access export as the person who asked reads it (GDPR art. 15: "in a concise, intelligible and
 * easily accessible form"): in their language, with words for the stored values and a note on what the
 * file holds and why. The command line's export keeps the technical form (stored values, English keys)
 * for operators and scripts; the admin's download, which is sent to the person, is this one.
 */
type Words = Record<string, string>;

const KEYS: Record<RequestLocale, Words> = {
  fr: {
    about: 'à propos de ce fichier',
    generatedAt: 'établi le',
    subject: 'personne concernée',
    email: 'adresse e-mail',
    matching: 'demandes retenues',
    requests: 'demandes de devis',
    notifications: 'e-mails envoyés',
    reference: 'référence',
    receivedAt: 'reçue le',
    lastActivityAt: 'dernière activité le',
    anonymizedAt: 'anonymisée le',
    stage: 'étape',
    fullName: 'nom',
    phone: 'téléphone',
    company: 'entreprise',
    jobTitle: 'fonction',
    requestedModel: 'modèle demandé',
    scope: 'périmètre',
    approach: 'approche',
    message: 'message',
    language: 'langue',
    sourceUrl: 'page d’origine',
    tags: 'étiquettes',
    internalNotes: 'notes internes de l’équipe commerciale',
    expectedResponseBy: 'réponse promise avant',
    firstResponseAt: 'première réponse le',
    userAgent: 'navigateur',
    ipHash: 'empreinte de l’adresse IP',
    attachments: 'pièces jointes',
    name: 'nom du fichier',
    size: 'taille (octets)',
    type: 'type de fichier',
    content: 'contenu (base64)',
    consent: 'consentement',
    given: 'donné',
    at: 'le',
    textHash: 'empreinte du texte',
    textVersion: 'version du texte',
    text: 'texte',
    kind: 'type',
    status: 'état',
    attempts: 'tentatives',
    createdAt: 'créé le',
    sentAt: 'envoyé le',
    recipients: 'destinataires',
    cc: 'copie à',
    rejectedRecipients: 'destinataires refusés',
    lastError: 'dernière erreur',
  },
  en: {
    about: 'about this file',
    generatedAt: 'generated at',
    subject: 'data subject',
    email: 'email address',
    matching: 'requests included',
    requests: 'quote requests',
    notifications: 'mails sent',
    reference: 'reference',
    receivedAt: 'received at',
    lastActivityAt: 'last activity at',
    anonymizedAt: 'anonymised at',
    stage: 'stage',
    fullName: 'name',
    phone: 'phone',
    company: 'company',
    jobTitle: 'job title',
    requestedModel: 'requested model',
    scope: 'scope',
    approach: 'approach',
    message: 'message',
    language: 'language',
    sourceUrl: 'page of origin',
    tags: 'tags',
    internalNotes: 'internal notes of the sales team',
    expectedResponseBy: 'answer promised by',
    firstResponseAt: 'first answer at',
    userAgent: 'browser',
    ipHash: 'hash of the IP address',
    attachments: 'attachments',
    name: 'file name',
    size: 'size (bytes)',
    type: 'file type',
    content: 'content (base64)',
    consent: 'consent',
    given: 'given',
    at: 'at',
    textHash: 'hash of the text',
    textVersion: 'version of the text',
    text: 'text',
    kind: 'kind',
    status: 'status',
    attempts: 'attempts',
    createdAt: 'created at',
    sentAt: 'sent at',
    recipients: 'recipients',
    cc: 'copied to',
    rejectedRecipients: 'refused recipients',
    lastError: 'last error',
  },
};

const ABOUT: Record<RequestLocale, string[]> = {
  fr: [
    'Ce fichier contient toutes les données que nous détenons sur votre adresse e-mail : chaque demande de devis envoyée depuis cette adresse, telle qu’elle est enregistrée, avec le consentement que vous avez donné et le texte exact que vous avez accepté, et chaque e-mail que nous avons envoyé à son sujet.',
    'Les notes internes de l’équipe commerciale sont incluses : elles vous concernent, et le droit d’accès (RGPD, article 15) porte sur toutes les données vous concernant.',
    'Seule votre propre adresse figure parmi les destinataires des e-mails : les adresses de notre équipe et celles d’autres personnes en sont retirées.',
    'Pour faire corriger ou effacer ces données, répondez à l’e-mail qui accompagne ce fichier.',
  ],
  en: [
    'This file holds everything we keep about your email address: each quote request sent from this address, as it is stored, with the consent you gave and the exact sentence you agreed to, and each mail we sent about it.',
    'The sales team’s internal notes are included: they are about you, and the right of access (GDPR, article 15) covers all data about you.',
    'Only your own address appears among the mails’ recipients: our team’s addresses and anybody else’s are removed.',
    'To have this data corrected or erased, reply to the mail this file came with.',
  ],
};

const MATCHING: Record<RequestLocale, string> = {
  fr: 'les demandes dont l’adresse est la vôtre, sans tenir compte des majuscules',
  en: 'the requests whose address is yours, whatever its capitalisation',
};

const NOTIFICATION_KINDS: Record<RequestLocale, Words> = {
  fr: {
    sales: 'transmission à l’équipe commerciale',
    confirmation: 'confirmation',
    alert: 'alerte',
    reminder: 'relance',
  },
  en: { sales: 'forwarded to the sales team', confirmation: 'confirmation', alert: 'alert', reminder: 'reminder' },
};

const NOTIFICATION_STATUS: Record<RequestLocale, Words> = {
  fr: {
    pending: 'en attente',
    sending: 'en cours d’envoi',
    sent: 'envoyé',
    partial: 'envoyé en partie',
    failed: 'échec',
  },
  en: { pending: 'pending', sending: 'being sent', sent: 'sent', partial: 'partly sent', failed: 'failed' },
};

const word = (words: Words, value: unknown): unknown =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(words, value) ? words[value] : value;

/** An object's keys in the language, in their order; unknown keys kept as they are. */
const renamed = (object: Record<string, unknown>, keys: Words): Record<string, unknown> =>
  Object.fromEntries(Object.entries(object).map(([key, value]) => [keys[key] ?? key, value]));

const requestInWords = (request: ExportedRequest, language: RequestLocale): Record<string, unknown> => {
  const keys = KEYS[language];
  return renamed(
    {
      ...request,
      stage: valueLabel.stage(request.stage, language),
      requestedModel: valueLabel.model(request.requestedModel, language),
      scope: valueLabel.scope(request.scope, language),
      approach: valueLabel.approach(request.approach, language),
      language: valueLabel.language(request.language, language),
      tags: tagsLabel(request.tags, language),
      attachments: request.attachments.map((attachment) => renamed({ ...attachment }, keys)),
      consent: renamed({ ...request.consent }, keys),
    },
    keys
  );
};

const notificationInWords = (notification: ExportedNotification, language: RequestLocale): Record<string, unknown> =>
  renamed(
    {
      ...notification,
      kind: word(NOTIFICATION_KINDS[language], notification.kind),
      status: word(NOTIFICATION_STATUS[language], notification.status),
    },
    KEYS[language]
  );

export const privacyExportInWords = (data: PrivacyExport, language: RequestLocale): Record<string, unknown> => {
  const keys = KEYS[language];
  return {
    [keys.about]: ABOUT[language],
    [keys.generatedAt]: data.generatedAt,
    [keys.subject]: { [keys.email]: data.subject.email, [keys.matching]: MATCHING[language] },
    [keys.requests]: data.requests.map((request) => requestInWords(request, language)),
    [keys.notifications]: data.notifications.map((notification) => notificationInWords(notification, language)),
  };
};
