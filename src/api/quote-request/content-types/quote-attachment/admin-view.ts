import { f, type ViewDefinition } from '../../../../bootstrap/admin-view-kit';

/**
 * What the Content Manager shows for api::quote-request.quote-attachment (hidden from its menu: the files are
 * listed in their request's edit view, "Pièces jointes"): applied by src/bootstrap/admin-views.ts.
 */
const view: ViewDefinition = {
  settings: {
    mainField: 'fileName',
    defaultSortBy: 'createdAt',
    defaultSortOrder: 'DESC',
    pageSize: 20,
    filterable: true,
    searchable: true,
  },
  list: ['fileName', 'mime', 'size', 'createdAt'],
  edit: [
    [f('fileName', 8), f('position', 4)],
    [f('mime', 6), f('size', 6)],
    [f('quoteRequestId', 4), f('storedName', 8)],
    [f('sha256', 12)],
  ],
  fields: {
    quoteRequestId: {
      label: 'Demande (numéro)',
      en: 'Request id',
      help: 'La demande de devis à laquelle le fichier est joint.',
      readOnly: true,
    },
    position: {
      label: 'Rang',
      en: 'Position',
      help: 'La place du fichier parmi ceux envoyés avec la demande.',
      readOnly: true,
    },
    storedName: {
      label: 'Nom de stockage',
      en: 'Stored name',
      help: 'Le nom aléatoire du fichier dans le dossier privé des pièces jointes (jamais sous /uploads).',
      readOnly: true,
    },
    fileName: {
      label: 'Nom du fichier',
      en: 'File name',
      help: 'Le nom du fichier tel que le demandeur l’a envoyé.',
      readOnly: true,
    },
    size: { label: 'Taille (octets)', en: 'Size (bytes)', help: 'La taille du fichier en octets.', readOnly: true },
    mime: {
      label: 'Type',
      en: 'Type',
      help: 'Le type reconnu d’après le contenu du fichier (PDF, document bureautique, image).',
      readOnly: true,
    },
    sha256: {
      label: 'Empreinte SHA-256',
      en: 'SHA-256 digest',
      help: 'L’empreinte du contenu : permet de reconnaître un même fichier envoyé deux fois.',
      readOnly: true,
    },
    createdAt: { label: 'Reçu le', en: 'Received', help: 'Date et heure de réception du fichier.', readOnly: true },
  },
};

export default view;
