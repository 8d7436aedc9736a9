import { f, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/** What the Content Manager shows for api::quote-routing.quote-routing: applied by src/bootstrap/admin-views.ts. */
const view: ViewDefinition = {
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
};

export default view;
