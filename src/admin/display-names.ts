import { translations } from './translations';

/**
 * Names the admin shows as stored, whatever the interface language: Strapi's default roles ("Editor",
 * "Author"), the project's roles ("Sales", "Sales manager"), the content locales ("French (fr)") and, in the
 * home page's "last edited / published entries", a title that says neither its language (the Site single
 * type is "Rouge Hexagone" in French and in English) nor what a consent text is (its main field is the
 * ISO instant of the page version that first showed it).
 *
 * The stored names stay as they are: a role's code and a locale's code are what the API, the role table
 * (src/features/quote-desk/roles.ts) and the public `GET /api/i18n/locales` contract name, and the stored
 * name is read there too (the OpenAPI document shows `French (fr)`). Renaming them in the database would
 * change the API for a label and would make the name French for an English-speaking admin as well. So
 * the answers the admin keeps in its Redux cache (RTK Query) are relabelled as they arrive
 * (./display-names-middleware.ts), in the
 * interface language: a name an administrator changed (Settings → Roles, Settings → Internationalisation)
 * is shown as they wrote it. A role's own edit page (`getRoles` with an id) is left as stored, so saving
 * that form never writes a translated name back.
 */

/** The names Strapi and the project's role table give these roles; only these are relabelled. */
const DEFAULT_ROLE_NAMES: Readonly<Record<string, string>> = {
  'strapi-super-admin': 'Super Admin',
  'strapi-editor': 'Editor',
  'strapi-author': 'Author',
  sales: 'Sales',
  'sales-manager': 'Sales manager',
};

/** Their descriptions as Strapi and the role table write them (src/features/quote-desk/roles.ts). */
const DEFAULT_ROLE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'strapi-super-admin': 'Super Admins can access and manage all features and settings.',
  'strapi-editor': 'Editors can manage and publish contents including those of other users.',
  'strapi-author': 'Authors can manage the content they have created.',
  sales: 'Reads and follows up quote requests (stage, internal notes); reads routing.',
  'sales-manager':
    'Everything Sales do, plus the routing (who gets each model’s requests) and the sales desk’s promise and opening hours.',
};

/** The names src/bootstrap/locales.ts gives the content locales. */
const DEFAULT_LOCALE_NAMES: Readonly<Record<string, string>> = { fr: 'French (fr)', en: 'English (en)' };

const CONSENT_TEXT_UID = 'api::privacy-log.consent-text';

export type Language = 'fr' | 'en';
export const languageOf = (value: unknown): Language => (value === 'fr' ? 'fr' : 'en');

const message = (language: Language, id: string): string | undefined => translations[language]?.[id];

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A name in the interface language if it is still the default one (or one of its translations). */
const relabel = (stored: unknown, defaultName: string | undefined, language: Language, id: string): unknown => {
  if (typeof stored !== 'string' || defaultName === undefined) return stored;
  const known = [defaultName, message('fr', id), message('en', id)];
  if (!known.includes(stored)) return stored;
  return message(language, id) ?? defaultName;
};

const relabelRole = (role: unknown, language: Language): unknown => {
  if (!isRecord(role) || typeof role.code !== 'string') return role;
  return {
    ...role,
    name: relabel(role.name, DEFAULT_ROLE_NAMES[role.code], language, `global.${role.code}`),
    description: relabel(
      role.description,
      DEFAULT_ROLE_DESCRIPTIONS[role.code],
      language,
      `global.${role.code}.description`
    ),
  };
};

const relabelUser = (user: unknown, language: Language): unknown =>
  isRecord(user) && Array.isArray(user.roles)
    ? { ...user, roles: user.roles.map((role) => relabelRole(role, language)) }
    : user;

const relabelLocale = (locale: unknown, language: Language): unknown => {
  if (!isRecord(locale) || typeof locale.code !== 'string') return locale;
  return {
    ...locale,
    name: relabel(locale.name, DEFAULT_LOCALE_NAMES[locale.code], language, `i18n.locale.name.${locale.code}`),
  };
};

/** A consent text's first version (an ISO instant) as a date and time in words. */
const consentTitle = (version: unknown, language: Language): string | undefined => {
  if (typeof version !== 'string' || Number.isNaN(Date.parse(version))) return undefined;
  const date = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(version));
  return (message(language, 'consent-text.recent.title') ?? 'Consent sentence of {date}').replace('{date}', date);
};

const relabelRecentDocument = (document: unknown, language: Language): unknown => {
  if (!isRecord(document)) return document;
  if (document.contentTypeUid === CONSENT_TEXT_UID) {
    const title = consentTitle(document.title, language);
    return title ? { ...document, title } : document;
  }
  if (typeof document.locale !== 'string' || typeof document.title !== 'string') return document;
  const name = message(language, `i18n.language.${document.locale}`) ?? document.locale;
  const template = message(language, 'content-manager.widget.recent.title-with-language') ?? '{title} ({language})';
  return { ...document, title: template.replace('{title}', document.title).replace('{language}', name) };
};

/** Whether a `getRoles` call asked for one role (its edit page) rather than the list. */
const asksForOneRole = (args: unknown): boolean => isRecord(args) && args.id !== undefined && args.id !== null;

/** An RTK Query answer of `endpoint` (asked with `args`) with its names in `language`. */
export const relabelAnswer = (endpoint: string, args: unknown, payload: unknown, language: Language): unknown => {
  switch (endpoint) {
    case 'getRoles':
      return Array.isArray(payload) && !asksForOneRole(args)
        ? payload.map((role) => relabelRole(role, language))
        : payload;
    case 'getUsers':
      return isRecord(payload) && Array.isArray(payload.users)
        ? { ...payload, users: payload.users.map((user) => relabelUser(user, language)) }
        : payload;
    case 'getMe':
      // Fetched at sign-in, before the interface switches to the user's own language.
      return relabelUser(payload, languageOf(isRecord(payload) ? payload.preferedLanguage : language));
    case 'getLocales':
      return Array.isArray(payload) ? payload.map((locale) => relabelLocale(locale, language)) : payload;
    case 'getRecentDocuments':
      return Array.isArray(payload) ? payload.map((document) => relabelRecentDocument(document, language)) : payload;
    default:
      return payload;
  }
};
