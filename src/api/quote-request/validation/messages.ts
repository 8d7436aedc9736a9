import type { RequestLocale } from '../constants';

export interface ValidationMessages {
  required: string;
  string: string;
  boolean: string;
  min: (n: number) => string;
  max: (n: number) => string;
  email: string;
  phone: string;
  singleLine: string;
  controlCharacters: string;
  oneOf: (values: readonly string[]) => string;
  consent: string;
  url: string;
  unknownField: string;
  body: string;
  summary: (count: number) => string;
}

export const MESSAGES: Record<RequestLocale, ValidationMessages> = {
  fr: {
    required: 'Ce champ est obligatoire.',
    string: 'Ce champ doit être un texte.',
    boolean: 'Ce champ doit valoir true ou false.',
    min: (n) => `Ce champ doit contenir au moins ${n} caractères.`,
    max: (n) => `Ce champ doit contenir au plus ${n} caractères.`,
    email: 'Adresse e-mail invalide.',
    phone: 'Numéro de téléphone invalide : chiffres, espaces et + ( ) . - uniquement.',
    singleLine:
      'Les retours à la ligne, les caractères de contrôle et les caractères invisibles ne sont pas autorisés dans ce champ.',
    controlCharacters: 'Les caractères de contrôle ne sont pas autorisés.',
    oneOf: (values) => `Valeur invalide : valeurs acceptées ${values.join(', ')}.`,
    consent: 'Votre consentement est nécessaire pour traiter votre demande.',
    url: 'Adresse web invalide : seules les URL http et https sont acceptées.',
    unknownField: 'Champ inconnu.',
    body: 'Le corps de la requête doit être de la forme { "data": { … } }.',
    summary: (count) => (count === 1 ? '1 champ est invalide.' : `${count} champs sont invalides.`),
  },
  en: {
    required: 'This field is required.',
    string: 'This field must be a string.',
    boolean: 'This field must be true or false.',
    min: (n) => `This field must be at least ${n} characters long.`,
    max: (n) => `This field must be at most ${n} characters long.`,
    email: 'Invalid email address.',
    phone: 'Invalid phone number: digits, spaces and + ( ) . - only.',
    singleLine: 'Line breaks, control characters and invisible characters are not allowed in this field.',
    controlCharacters: 'Control characters are not allowed.',
    oneOf: (values) => `Invalid value: expected one of ${values.join(', ')}.`,
    consent: 'Your consent is required to process your request.',
    url: 'Invalid web address: only http and https URLs are accepted.',
    unknownField: 'Unknown field.',
    body: 'The request body must be of the form { "data": { … } }.',
    summary: (count) => (count === 1 ? '1 field is invalid.' : `${count} fields are invalid.`),
  },
};
