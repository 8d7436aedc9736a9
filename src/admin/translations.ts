import { fieldLabelMessages } from '../bootstrap/admin-view-definitions';
import { strapiFrenchMessages } from './strapi-french';
import { comparisonMessages } from './comparison/messages';
import { englishChoiceValues, frenchChoiceValues, frenchModelNames, tagNames } from './model-names';

/**
 * The admin extension's own strings, in French and English (the ids its components use with their
 * English default messages), and the labels of the content fields in both languages. Merged into Strapi's
 * translations by `config.translations`.
 */
export const translations: Record<string, Record<string, string>> = {
  fr: {
    ...strapiFrenchMessages,
    ...frenchModelNames,
    ...frenchChoiceValues,
    ...tagNames.fr,
    ...fieldLabelMessages('fr'),
    ...comparisonMessages.fr,
    'quote-request.privacy.title': 'Données personnelles',
    'quote-request.attachments.title': 'Pièces jointes',
    'quote-request.attachments.download': 'Télécharger',
    'quote-request.attachments.failed': 'Les pièces jointes n’ont pas pu être listées.',
    'quote-request.attachments.mb': 'Mo',
    'quote-request.attachments.kb': 'Ko',
    'quote-request.privacy.help': "Concerne toutes les demandes envoyées depuis l'adresse e-mail de cette demande.",
    'quote-request.privacy.export': 'Exporter les données personnelles (JSON)',
    'quote-request.privacy.erase': 'Effacer les données personnelles',
    'quote-request.privacy.erase.title': 'Effacer les données personnelles ?',
    'quote-request.privacy.erase.confirm':
      'Nom, e-mail, téléphone, entreprise, fonction, message et notes de toutes les demandes de cette adresse sont effacés définitivement, et ses e-mails en attente annulés. La référence et les statistiques restent.',
    'quote-request.privacy.erase.action': 'Effacer',
    'quote-request.privacy.erased':
      'Données personnelles effacées : {requests, plural, one {# demande anonymisée} other {# demandes anonymisées}}.',
    'quote-request.privacy.anonymisedOn':
      'Données personnelles effacées le {date} : cette demande n’en contient plus, et le consentement donné avec elle est sans objet.',
    'quote-request.export.button': 'Exporter en CSV',
    'quote-notification.retry': 'Renvoyer',
    'quote-notification.retry.sent': 'Renvoyé.',
    'quote-notification.retry.failed': 'Non envoyé : {error}',
    'sales-desk.widget.title': 'Bureau commercial',
    'sales-desk.widget.unrouted':
      '{count, plural, one {# e-mail commercial attend} other {# e-mails commerciaux attendent}} : aucune adresse pour {models}.',
    'sales-desk.widget.unrouted.link': 'Compléter le routage',
    'sales-desk.widget.unrouted.ask': 'Demandez à {names} de compléter le routage.',
    'sales-desk.widget.unrouted.askManager': 'Demandez à un responsable commercial de compléter le routage.',
    'sales-desk.widget.link': 'Demandes de devis',
    'sales-desk.widget.loading': 'Chargement…',
    'sales-desk.widget.open': 'Demandes ouvertes par modèle',
    'sales-desk.widget.undecided': 'Non décidé',
    'sales-desk.widget.overdue': 'En retard',
    'sales-desk.widget.median': 'Délai médian de première réponse ({days} jours)',
    'sales-desk.widget.duration': '{hours} h {minutes}',
    'sales-desk.widget.notEnough': 'pas encore assez de réponses',
    'sales-desk.widget.within': 'Réponses dans le délai promis',
    'sales-desk.widget.footnote':
      'Heures ouvrées du bureau commercial ; {count, plural, one {# réponse mesurée} other {# réponses mesurées}}.',
    'sales-desk.widget.mailQueue': "E-mails en attente d'envoi",
    'sales-desk.widget.mailQueue.sales': 'Commerciales',
    'sales-desk.widget.mailQueue.reminder': 'Relances',
    'sales-desk.widget.mailQueue.alert': 'Alertes',
    'sales-desk.widget.mailQueue.confirmation': 'Confirmations',
    'sales-desk.widget.mailQueue.noSalesWaiting': 'Aucune notification commerciale en attente.',
    'sales-desk.widget.mailQueue.oldestSales': 'La plus ancienne notification commerciale attend depuis {age}.',
    'sales-desk.widget.leadEvents': 'Événements de prospects pour le CRM',
    'sales-desk.widget.leadEvents.waiting': 'En attente',
    'sales-desk.widget.leadEvents.failed': 'En échec',
    'sales-desk.widget.leadEvents.noneWaiting': 'Aucun événement de prospect en attente.',
    'sales-desk.widget.leadEvents.oldest': 'Le plus ancien événement de prospect attend depuis {age}.',
    'sales-desk.widget.age.seconds': '{seconds} s',
    'sales-desk.widget.age.minutes': '{minutes} min',
    // Names src/admin/display-names.ts shows in the interface language: roles, locales, recent entries.
    'global.sales': 'Commercial',
    'global.sales-manager': 'Responsable commercial',
    'global.sales.description': 'Lit et suit les demandes de devis (étape, notes internes) ; lit le routage.',
    'global.sales-manager.description':
      'Tout ce que fait un commercial, plus le routage (qui reçoit les demandes de chaque modèle) et la promesse et les horaires du bureau commercial.',
    'i18n.locale.name.fr': 'Français (fr)',
    'i18n.locale.name.en': 'Anglais (en)',
    'i18n.language.fr': 'français',
    'i18n.language.en': 'anglais',
    'content-manager.widget.recent.title-with-language': '{title} ({language})',
    'consent-text.recent.title': 'Phrase de consentement du {date}',
    'quote-notification.retry.queued':
      "Remis en file d'attente : il sera envoyé aux adresses que donne le routage maintenant.",
  },
  // The field labels (src/bootstrap/admin-view-definitions.ts) in both languages: the admin falls back to
  // English messages for a key the French ones lack.
  en: {
    ...englishChoiceValues,
    ...tagNames.en,
    ...fieldLabelMessages('en'),
    'i18n.locale.name.fr': 'French (fr)',
    'i18n.locale.name.en': 'English (en)',
    'i18n.language.fr': 'French',
    'i18n.language.en': 'English',
    'content-manager.widget.recent.title-with-language': '{title} ({language})',
    'consent-text.recent.title': 'Consent sentence of {date}',
    ...comparisonMessages.en,
    'sales-desk.widget.mailQueue': 'Mails waiting to be sent',
    'sales-desk.widget.mailQueue.sales': 'Sales',
    'sales-desk.widget.mailQueue.reminder': 'Reminders',
    'sales-desk.widget.mailQueue.alert': 'Alerts',
    'sales-desk.widget.mailQueue.confirmation': 'Confirmations',
    'sales-desk.widget.mailQueue.noSalesWaiting': 'No sales mail waiting.',
    'sales-desk.widget.mailQueue.oldestSales': 'Oldest sales mail waiting for {age}.',
    'sales-desk.widget.leadEvents': 'Lead events for the CRM',
    'sales-desk.widget.leadEvents.waiting': 'Waiting',
    'sales-desk.widget.leadEvents.failed': 'Failed',
    'sales-desk.widget.leadEvents.noneWaiting': 'No lead event waiting.',
    'sales-desk.widget.leadEvents.oldest': 'Oldest lead event waiting for {age}.',
    'sales-desk.widget.age.seconds': '{seconds} s',
    'sales-desk.widget.age.minutes': '{minutes} min',
  },
};
