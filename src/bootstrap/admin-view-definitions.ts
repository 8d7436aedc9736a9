/**
 * What the Content Manager shows for each content type and component: list columns and order, edit
 * layout, and for every field a French label, its English label and a one-line help text. For the page's
 * content, the help text names the section of the public page (the French source page) the field fills.
 *
 * Plain data, no Strapi import: src/bootstrap/admin-views.ts applies it at start, and the admin bundle
 * may import `englishFieldLabels()` for its English translations.
 *
 * Strapi stores one label per field (shown to every admin whatever the interface language): the French
 * one. The admin looks each label up first under `content-manager.content-types.<uid>.<field>` (and
 * `content-manager.components.<uid>.<field>`) in the interface language's messages, which is how an
 * English admin gets the English label. Help texts have no such hook: French only.
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

const f = (name: string, size = 6): LayoutField => ({ name, size });

/** Sections of the public page, as the French page titles them. */
const PAGE = {
  hero: 'en-tête de la page',
  categories: '« Les grandes catégories d’externalisation »',
  comparisons: '« Externalisation totale ou partielle » et « Externalisation tactique ou stratégique »',
  choosing: '« Comment choisir le bon modèle d’externalisation ? »',
  related: '« Vous aimerez aussi… »',
  quote: '« Envie d’externaliser ? » (demande de devis)',
  search: 'résultats des moteurs de recherche et onglet du navigateur (invisible sur la page)',
} as const;

const seo = (what: string): FieldText => ({
  label: 'Référencement (SEO)',
  en: 'SEO',
  help: `Titre et description de ${what} dans les ${PAGE.search}.`,
});

const locale: FieldText = {
  label: 'Langue',
  en: 'Language',
  help: 'Langue de cette version du contenu (fr ou en) : choisissez-la en haut de l’écran.',
};

const receivedAt = (help: string): FieldText => ({ label: 'Reçue le', en: 'Received', help, readOnly: true });

export const CONTENT_TYPE_VIEWS: Record<string, ViewDefinition> = {
  'api::outsourcing-overview.outsourcing-overview': {
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
        help: `Les cartes BPO, ITO et KPO de la section ${PAGE.categories}.`,
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
  },
  'api::outsourcing-category.outsourcing-category': {
    settings: { mainField: 'acronym', defaultSortBy: 'displayOrder', defaultSortOrder: 'ASC' },
    list: ['acronym', 'name', 'slug', 'locale', 'displayOrder'],
    edit: [
      [f('code', 4), f('acronym', 4), f('displayOrder', 4)],
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
      displayOrder: {
        label: 'Ordre d’affichage',
        en: 'Display order',
        help: `Place de la carte dans la section ${PAGE.categories} (1 = première) ; commun aux langues.`,
      },
      seo: seo('la page détaillée'),
      locale,
    },
  },
  'api::comparison-page.comparison-page': {
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
  },
  'api::site.site': {
    settings: { mainField: 'companyName' },
    list: ['companyName', 'mailSignature', 'locale'],
    edit: [[f('companyName'), f('contactEmail')], [f('mailSignature', 12)], [f('contactText', 12)]],
    fields: {
      companyName: {
        label: "Nom de l'entreprise",
        en: 'Company name',
        help: 'Le nom affiché en tête de page et, à défaut de signature, dans les e-mails (le même dans toutes les langues).',
      },
      mailSignature: {
        label: 'Signature des e-mails',
        en: 'Mail signature',
        help: 'Dernière ligne de l’e-mail de confirmation envoyé au demandeur, dans sa langue (« L’équipe Rouge Hexagone »).',
      },
      contactEmail: {
        label: 'Adresse de contact',
        en: 'Contact address',
        help: 'Adresse e-mail publique pour joindre l’entreprise (facultative, la même dans toutes les langues).',
      },
      contactText: {
        label: 'Texte de contact',
        en: 'Contact text',
        help: 'Phrase d’invitation à écrire, dans chaque langue (facultative).',
      },
    },
  },
  'api::quote-request.quote-request': {
    settings: {
      mainField: 'reference',
      defaultSortBy: 'createdAt',
      defaultSortOrder: 'DESC',
      pageSize: 20,
      bulkable: true,
      filterable: true,
      searchable: true,
    },
    // Fits 1440 px: the requested model is the tags' first word (and a filter).
    list: ['reference', 'company', 'tagList', 'stage', 'expectedResponseBy', 'createdAt'],
    edit: [
      [f('reference'), f('stage')],
      [f('expectedResponseBy'), f('firstResponseAt')],
      [f('firstResponseBusinessMinutes', 4), f('remindedAt')],
      [f('internalNotes', 12)],
      [f('requestedModel', 4), f('scope', 4), f('approach', 4)],
      [f('fullName'), f('company')],
      [f('email'), f('phone')],
      [f('jobTitle'), f('sourceUrl')],
      [f('language', 4)],
      [f('message', 12)],
      [f('tagList', 12)],
      [f('consent', 4), f('consentAt')],
      [f('consentTextVersion'), f('consentTextHash')],
      [f('lastActivityAt'), f('anonymizedAt')],
      [f('notificationStatus'), f('notificationAttempts', 4)],
      [f('notificationLastError', 12)],
      [f('routedToList', 12)],
      [f('userAgent'), f('ipHash')],
    ],
    fields: {
      reference: {
        label: 'Référence',
        en: 'Reference',
        help: 'Donnée à l’envoi de la demande ; rappelée dans chaque e-mail au demandeur et à l’équipe commerciale.',
        readOnly: true,
      },
      stage: {
        label: 'Étape',
        en: 'Stage',
        help: 'Où en est la demande : Nouvelle → Qualifiée → Contactée → Proposition envoyée → Gagnée ou Perdue ; Indésirable : envoi écarté.',
      },
      internalNotes: {
        label: 'Notes internes',
        en: 'Internal notes',
        help: 'Pour l’équipe commerciale seulement : jamais envoyées au demandeur.',
      },
      expectedResponseBy: {
        label: 'Réponse attendue le',
        en: 'Answer expected by',
        help: 'Date promise au demandeur pour une première réponse : réception plus le délai promis, en heures ouvrées.',
        readOnly: true,
      },
      firstResponseAt: {
        label: 'Première réponse le',
        en: 'First response at',
        help: 'Remplie automatiquement quand l’étape quitte « Nouvelle » pour la première fois.',
        readOnly: true,
      },
      firstResponseBusinessMinutes: {
        label: 'Délai de première réponse (minutes ouvrées)',
        en: 'First response time (business minutes)',
        help: 'Temps entre la réception et la première réponse, compté sur les heures d’ouverture du service commercial.',
        readOnly: true,
      },
      remindedAt: {
        label: 'Relance envoyée le',
        en: 'Reminder sent at',
        help: 'Quand l’équipe a été relancée parce que la demande restait sans réponse après la date promise.',
        readOnly: true,
      },
      requestedModel: {
        label: 'Modèle souhaité',
        en: 'Requested model',
        help: 'Choisi dans le formulaire de devis (BPO, ITO, KPO ou à définir) : décide quelle équipe reçoit la demande.',
      },
      scope: {
        label: 'Étendue (totale / partielle)',
        en: 'Scope (total / partial)',
        help: 'Réponse du demandeur dans le formulaire de devis, s’il l’a donnée.',
      },
      approach: {
        label: 'Démarche (tactique / stratégique)',
        en: 'Approach (tactical / strategic)',
        help: 'Réponse du demandeur dans le formulaire de devis, s’il l’a donnée.',
      },
      fullName: { label: 'Nom', en: 'Full name', help: 'Nom et prénom saisis dans le formulaire de devis.' },
      company: { label: 'Entreprise', en: 'Company', help: 'Entreprise saisie dans le formulaire de devis.' },
      email: {
        label: 'E-mail',
        en: 'Email',
        help: 'Adresse du demandeur : répondre à l’e-mail reçu par l’équipe commerciale lui écrit directement.',
      },
      phone: { label: 'Téléphone', en: 'Phone', help: 'Facultatif dans le formulaire de devis.' },
      jobTitle: { label: 'Fonction', en: 'Job title', help: 'Facultative dans le formulaire de devis.' },
      sourceUrl: {
        label: 'Page du formulaire',
        en: 'Form page',
        help: 'Adresse de la page d’où la demande a été envoyée.',
        readOnly: true,
      },
      language: {
        label: 'Langue du demandeur',
        en: 'Requester’s language',
        help: 'Français ou anglais : la langue de l’e-mail de confirmation qu’il reçoit.',
      },
      message: { label: 'Message', en: 'Message', help: 'Le texte libre du formulaire de devis.' },
      tags: {
        label: 'Étiquettes (données)',
        en: 'Tags (data)',
        help: 'Les étiquettes telles que les lit l’application ; affichées en texte dans « Étiquettes ».',
        readOnly: true,
      },
      tagList: {
        label: 'Étiquettes',
        en: 'Tags',
        help: 'Déduites du modèle, de l’étendue et de la démarche demandés (ex. model:bpo) ; utiles pour filtrer la liste.',
        readOnly: true,
      },
      consent: {
        label: 'Consentement donné',
        en: 'Consent given',
        help: 'Case cochée par le demandeur sous le formulaire.',
        readOnly: true,
      },
      consentAt: {
        label: 'Consentement donné le',
        en: 'Consent given at',
        help: 'Date et heure de l’envoi de la demande.',
        readOnly: true,
      },
      consentTextVersion: {
        label: 'Version du texte de consentement',
        en: 'Consent text version',
        help: 'Date de publication de la page dont la phrase de consentement a été montrée au demandeur.',
        readOnly: true,
      },
      consentTextHash: {
        label: 'Empreinte du texte de consentement',
        en: 'Consent text hash',
        help: 'Identifie la phrase acceptée ; son texte complet est dans « Textes de consentement ».',
        readOnly: true,
      },
      lastActivityAt: {
        label: 'Dernière activité',
        en: 'Last activity',
        help: 'Réception, changement d’étape ou note : la durée de conservation des données personnelles part de là.',
        readOnly: true,
      },
      anonymizedAt: {
        label: 'Anonymisée le',
        en: 'Anonymised at',
        help: 'Données personnelles effacées (durée de conservation écoulée ou demande d’effacement).',
        readOnly: true,
      },
      notificationStatus: {
        label: 'E-mails',
        en: 'Emails',
        help: 'Bilan des e-mails de la demande (en attente, envoyés, en échec…) ; le détail est dans « Notifications ».',
        readOnly: true,
      },
      notificationAttempts: {
        label: 'Tentatives d’envoi',
        en: 'Email attempts',
        help: 'Nombre d’essais d’envoi de l’e-mail à l’équipe commerciale.',
        readOnly: true,
      },
      notificationLastError: {
        label: 'Dernière erreur d’envoi',
        en: 'Last email error',
        help: 'La réponse du serveur de messagerie au dernier essai manqué.',
        readOnly: true,
      },
      routedTo: {
        label: 'Transmise à (données)',
        en: 'Routed to (data)',
        help: 'Les adresses telles que les lit l’application ; affichées en texte dans « Transmise à ».',
        readOnly: true,
      },
      routedToList: {
        label: 'Transmise à',
        en: 'Routed to',
        help: 'Adresses commerciales qui ont reçu la demande, d’après le routage en vigueur au moment de l’envoi.',
        readOnly: true,
      },
      userAgent: {
        label: 'Navigateur',
        en: 'Browser',
        help: 'Navigateur du demandeur, pour repérer les envois automatiques.',
        readOnly: true,
      },
      ipHash: {
        label: 'Adresse IP (chiffrée)',
        en: 'IP address (hashed)',
        help: 'Empreinte de l’adresse IP : permet de rapprocher deux envois sans garder l’adresse.',
        readOnly: true,
      },
      idempotencyKey: {
        label: 'Clé anti-doublon',
        en: 'Idempotency key',
        help: 'Évite d’enregistrer deux fois la même demande quand le formulaire est renvoyé.',
        readOnly: true,
      },
      payloadHash: {
        label: 'Empreinte du contenu',
        en: 'Payload hash',
        help: 'Vérifie qu’un renvoi du formulaire porte bien la même demande.',
        readOnly: true,
      },
      emailKey: {
        label: 'E-mail normalisé',
        en: 'Normalised email',
        help: 'Retrouve toutes les demandes d’une personne pour l’accès à ses données ou leur effacement.',
        readOnly: true,
      },
      createdAt: receivedAt('Date et heure de réception de la demande.'),
    },
  },
  'api::quote-notification.quote-notification': {
    settings: {
      mainField: 'reference',
      // Failed and partly delivered mails first, then the others, newest first (see list-order.ts).
      defaultSortBy: 'listOrder',
      defaultSortOrder: 'DESC',
      pageSize: 20,
      filterable: true,
      searchable: true,
    },
    list: ['reference', 'deliveryStatus', 'kind', 'recipientList', 'attempts', 'sentAt', 'lastError'],
    edit: [
      [f('reference', 4), f('kind', 4), f('deliveryStatus', 4)],
      [f('attempts', 4), f('sentAt', 4), f('nextAttemptAt', 4)],
      [f('lastError', 12)],
      [f('recipientList', 12)],
      [f('messageId')],
    ],
    fields: {
      reference: {
        label: 'Demande',
        en: 'Request',
        help: 'Référence de la demande de devis concernée.',
        readOnly: true,
      },
      kind: {
        label: 'Type',
        en: 'Mail',
        help: 'Commercial : à l’équipe commerciale ; Confirmation : au demandeur ; Alerte : échec de livraison ; Relance : rappel du délai.',
        readOnly: true,
      },
      deliveryStatus: {
        label: 'Statut',
        en: 'Status',
        help: 'En attente, En cours d’envoi, Envoyé ; Partielle : refusé par certains destinataires ; Échec : renvoyez-le avec « Renvoyer ».',
        readOnly: true,
      },
      attempts: {
        label: 'Tentatives',
        en: 'Attempts',
        help: 'Essais d’envoi déjà faits ; un essai manqué est refait plus tard, de plus en plus espacé.',
        readOnly: true,
      },
      sentAt: {
        label: 'Envoyé le',
        en: 'Sent at',
        help: 'Quand le serveur de messagerie l’a accepté.',
        readOnly: true,
      },
      nextAttemptAt: {
        label: 'Prochain essai le',
        en: 'Next attempt at',
        help: 'Quand l’envoi sera retenté, s’il est en attente.',
        readOnly: true,
      },
      lastError: {
        label: 'Dernière erreur',
        en: 'Last error',
        help: 'La réponse du serveur de messagerie au dernier essai manqué, adresses refusées comprises.',
        readOnly: true,
      },
      recipients: {
        label: 'Destinataires (données)',
        en: 'Recipients (data)',
        help: 'Les adresses telles que les lit l’application ; affichées en texte dans « Destinataires ».',
        readOnly: true,
      },
      cc: {
        label: 'Copies (données)',
        en: 'Cc (data)',
        help: 'Les copies telles que les lit l’application ; affichées dans « Destinataires ».',
        readOnly: true,
      },
      rejectedRecipients: {
        label: 'Destinataires refusés (données)',
        en: 'Refused recipients (data)',
        help: 'Adresses que le serveur de messagerie a refusées ; nommées aussi dans « Dernière erreur ».',
        readOnly: true,
      },
      recipientList: {
        label: 'Destinataires',
        en: 'Recipients',
        help: 'À qui l’e-mail est parti, copies comprises ; choisis au moment de l’envoi d’après le routage.',
        readOnly: true,
      },
      messageId: {
        label: 'Identifiant du message',
        en: 'Message-ID',
        help: 'Donné par le serveur de messagerie : à citer pour retrouver l’e-mail chez lui.',
        readOnly: true,
      },
      quoteRequestId: {
        label: 'Numéro interne de la demande',
        en: 'Request id',
        help: 'Lien technique vers la demande ; la référence la nomme.',
        readOnly: true,
      },
      alertFor: {
        label: 'Alerte sur l’e-mail',
        en: 'Alert about',
        help: 'Pour une alerte : l’e-mail commercial dont elle signale l’échec.',
        readOnly: true,
      },
      lockedBy: {
        label: 'Pris en charge par',
        en: 'Claimed by',
        help: 'Le serveur qui envoie l’e-mail en ce moment.',
        readOnly: true,
      },
      lockedUntil: {
        label: 'Prise en charge jusqu’au',
        en: 'Claimed until',
        help: 'Passé ce délai, un autre serveur peut reprendre l’envoi.',
        readOnly: true,
      },
      listOrder: {
        label: 'Ordre dans la liste',
        en: 'List order',
        help: 'Tient les e-mails en échec en tête de liste, puis les plus récents.',
        readOnly: true,
      },
      priority: {
        label: 'Priorité d’envoi',
        en: 'Send priority',
        help: '0 : envoyé en premier (commercial, relance, alerte) ; 1 : confirmation, envoyée ensuite.',
        readOnly: true,
      },
      createdAt: { label: 'Créé le', en: 'Created', help: 'Quand l’e-mail a été mis en file d’envoi.', readOnly: true },
    },
  },
  'api::quote-routing.quote-routing': {
    settings: { mainField: 'title' },
    list: ['title'],
    edit: [
      [f('title', 12)],
      [f('bpoAddresses'), f('itoAddresses')],
      [f('kpoAddresses'), f('undecidedAddresses')],
      [f('fallbackAddresses'), f('ccAddresses')],
    ],
    fields: {
      title: {
        label: 'Titre',
        en: 'Title',
        help: 'Nom de ce réglage dans les listes et sur la page d’accueil de l’administration.',
        readOnly: true,
      },
      bpoAddresses: {
        label: 'Demandes BPO',
        en: 'BPO requests',
        help: 'Reçoivent les demandes « BPO » : une adresse e-mail par ligne (vide : adresses par défaut).',
      },
      itoAddresses: {
        label: 'Demandes ITO',
        en: 'ITO requests',
        help: 'Reçoivent les demandes « ITO » : une adresse e-mail par ligne (vide : adresses par défaut).',
      },
      kpoAddresses: {
        label: 'Demandes KPO',
        en: 'KPO requests',
        help: 'Reçoivent les demandes « KPO » : une adresse e-mail par ligne (vide : adresses par défaut).',
      },
      undecidedAddresses: {
        label: 'Demandes « modèle à définir »',
        en: 'Undecided requests',
        help: 'Reçoivent les demandes sans modèle choisi : une adresse par ligne (vide : adresses par défaut).',
      },
      fallbackAddresses: {
        label: 'Adresses par défaut',
        en: 'Default addresses',
        help: 'Reçoivent les demandes d’un modèle sans adresse, et les alertes d’échec d’envoi : une par ligne.',
      },
      ccAddresses: {
        label: 'En copie de toutes les demandes',
        en: 'Copied on every request',
        help: 'Reçoivent une copie de chaque demande, quel que soit le modèle : une adresse par ligne.',
      },
    },
  },
  'api::sales-desk.sales-desk': {
    settings: { mainField: 'title' },
    list: ['title', 'businessHours', 'timeZone', 'slaHours'],
    edit: [[f('title', 12)], [f('slaHours', 4), f('timeZone', 4), f('holidaysCountry', 4)], [f('businessHours', 12)]],
    fields: {
      title: {
        label: 'Titre',
        en: 'Title',
        help: 'Nom de ce réglage dans les listes et sur la page d’accueil de l’administration.',
        readOnly: true,
      },
      slaHours: {
        label: 'Délai de réponse promis (heures ouvrées)',
        en: 'Promised response time (business hours)',
        help: 'Annoncé au demandeur ; compté sur les heures d’ouverture ci-dessous (ex. 4).',
      },
      timeZone: {
        label: 'Fuseau horaire',
        en: 'Time zone',
        help: 'Fuseau des heures d’ouverture et des heures citées dans les e-mails (ex. Europe/Paris).',
      },
      businessHours: {
        label: 'Heures d’ouverture',
        en: 'Business hours',
        help: 'Jours et heures où l’équipe répond, en anglais abrégé (ex. mon-fri 09:00-18:00).',
      },
      holidaysCountry: {
        label: 'Pays des jours fériés',
        en: 'Public holidays country',
        help: 'Code du pays dont les jours fériés ferment le service (ex. FR) ; vide : aucun.',
      },
    },
  },
  'api::privacy-log.privacy-log': {
    settings: {
      mainField: 'action',
      defaultSortBy: 'createdAt',
      defaultSortOrder: 'DESC',
      pageSize: 20,
      filterable: true,
      searchable: true,
    },
    list: ['action', 'actor', 'requestCount', 'notificationCount', 'createdAt'],
    edit: [
      [f('action', 4), f('actor', 4), f('adminId', 4)],
      [f('requestCount'), f('notificationCount')],
      [f('subjectHash', 12)],
      [f('details', 12)],
    ],
    fields: {
      action: {
        label: 'Action',
        en: 'Action',
        help: 'Effacement ; Export : copie remise à la personne ; Conservation : nettoyage quotidien.',
        readOnly: true,
      },
      actor: {
        label: 'Par',
        en: 'By',
        help: 'Administration : un administrateur ; Ligne de commande : un opérateur ; Système : le nettoyage automatique.',
        readOnly: true,
      },
      adminId: {
        label: 'Administrateur (numéro)',
        en: 'Admin id',
        help: 'Le compte administrateur qui a agi, quand c’en est un.',
        readOnly: true,
      },
      requestCount: {
        label: 'Demandes',
        en: 'Requests',
        help: 'Demandes anonymisées, supprimées ou exportées.',
        readOnly: true,
      },
      notificationCount: {
        label: 'E-mails',
        en: 'Notifications',
        help: 'E-mails supprimés ou vidés de leurs adresses.',
        readOnly: true,
      },
      subjectHash: {
        label: 'Empreinte de l’adresse',
        en: 'Address hash',
        help: 'Permet de retrouver l’opération à partir de l’adresse de la personne ; jamais l’adresse elle-même.',
        readOnly: true,
      },
      details: { label: 'Détails', en: 'Details', help: 'Le détail de l’opération.', readOnly: true },
      createdAt: { label: 'Le', en: 'When', help: 'Date et heure de l’opération.', readOnly: true },
    },
  },
  'api::privacy-log.consent-text': {
    settings: {
      mainField: 'firstVersion',
      defaultSortBy: 'createdAt',
      defaultSortOrder: 'DESC',
      pageSize: 20,
      filterable: true,
      searchable: true,
    },
    list: ['language', 'firstVersion', 'text', 'createdAt'],
    edit: [[f('language', 4), f('firstVersion')], [f('hash', 12)], [f('text', 12)]],
    fields: {
      hash: {
        label: 'Empreinte',
        en: 'Hash',
        help: 'Identifie la phrase ; chaque demande de devis garde l’empreinte de celle qu’elle a acceptée.',
        readOnly: true,
      },
      text: {
        label: 'Phrase de consentement',
        en: 'Consent sentence',
        help: `La case à cocher du formulaire de la section ${PAGE.quote}, telle que montrée.`,
        readOnly: true,
      },
      language: { label: 'Langue', en: 'Language', help: 'Langue de la page qui l’a montrée.', readOnly: true },
      firstVersion: {
        label: 'Première version',
        en: 'First seen in version',
        help: 'Date de publication de la page qui l’a montrée la première fois.',
        readOnly: true,
      },
      createdAt: {
        label: 'Première utilisation',
        en: 'First used',
        help: 'La première demande envoyée avec cette phrase.',
        readOnly: true,
      },
    },
  },
};

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
        help: 'Coché : la page n’apparaît pas dans les résultats des moteurs de recherche.',
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
    edit: [[f('criterion', 12)], [f('values', 12)]],
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
        label: 'Clé de l’option',
        en: 'Option key',
        help: 'La clé de l’option (colonne du tableau) telle que saisie dans « Options comparées ».',
      },
      value: {
        label: 'Valeur',
        en: 'Value',
        help: 'Texte de la cellule du tableau de la page de comparaison.',
      },
    },
  },
};

/**
 * The field labels as admin messages, for `config.translations` in src/admin/app.tsx: the admin looks a
 * label up under these ids in the interface language's messages first, and falls back to English
 * messages for a language that lacks one, so both languages carry every label.
 */
export const fieldLabelMessages = (language: 'fr' | 'en'): Record<string, string> => {
  const messages: Record<string, string> = {};
  const add = (prefix: string, views: Record<string, ViewDefinition>) => {
    for (const [uid, view] of Object.entries(views)) {
      for (const [field, text] of Object.entries(view.fields)) {
        messages[`content-manager.${prefix}.${uid}.${field}`] = language === 'fr' ? text.label : text.en;
      }
    }
  };
  add('content-types', CONTENT_TYPE_VIEWS);
  add('components', COMPONENT_VIEWS);
  return messages;
};

/** The English labels as admin messages. */
export const englishFieldLabels = (): Record<string, string> => fieldLabelMessages('en');
