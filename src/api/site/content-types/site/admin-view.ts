import { f, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::site.site: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
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
      help: 'Adresse à laquelle les prospects répondent : la confirmation de leur demande part de cette adresse, au nom de l’entreprise. À renseigner : vide, la confirmation part de l’adresse d’envoi technique du serveur et les réponses vont à l’adresse de réponse par défaut de l’installation (la même dans toutes les langues).',
    },
    contactText: {
      label: 'Texte de contact',
      en: 'Contact text',
      help: 'Phrase d’invitation à écrire, dans chaque langue (facultative).',
    },
  },
};

export default view;
