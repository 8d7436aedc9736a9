/**
 * The admin relabels, in the interface language, the names Strapi and the project store in English
 * (roles, content locales) and the home page's recent entries; a name an administrator chose, and a
 * role's own edit form, stay as stored.
 */
import { relabelAnswer, type Language } from '../../../src/admin/display-names';

/** An answer as it reaches the admin's store, the interface being in `language`. */
const arrive = (language: Language, endpointName: string, payload: unknown, originalArgs: unknown = undefined) =>
  relabelAnswer(endpointName, originalArgs, payload, language);

const ROLES = [
  { id: 1, code: 'strapi-super-admin', name: 'Super Admin' },
  { id: 2, code: 'strapi-editor', name: 'Editor' },
  {
    id: 3,
    code: 'strapi-author',
    name: 'Author',
    description: 'Authors can manage the content they have created.',
  },
  { id: 4, code: 'sales', name: 'Sales' },
  { id: 5, code: 'sales-manager', name: 'Sales manager' },
  { id: 6, code: 'translator-x1', name: 'Translator' },
];
const names = (list: unknown) => (list as { name: string }[]).map((item) => item.name);

describe('role names', () => {
  it('the roles list is French in a French interface; a role of the administrator keeps its name', () => {
    expect(names(arrive('fr', 'getRoles', ROLES, {}))).toEqual([
      'Super Admin',
      'Éditeur',
      'Auteur',
      'Commercial',
      'Responsable commercial',
      'Translator',
    ]);
  });

  it("and so are the default roles' descriptions", () => {
    const [, , author] = arrive('fr', 'getRoles', ROLES) as { description?: string }[];
    expect(author.description).toBe('Gère les contenus qu’il a créés.');
  });

  it('is English in an English interface, even where a French name was stored', () => {
    const stored = [{ id: 2, code: 'strapi-editor', name: 'Éditeur' }, ...ROLES.slice(3)];
    expect(names(arrive('en', 'getRoles', stored))).toEqual(['Editor', 'Sales', 'Sales manager', 'Translator']);
  });

  it('a role renamed by an administrator shows as renamed', () => {
    expect(names(arrive('fr', 'getRoles', [{ id: 2, code: 'strapi-editor', name: 'Rédaction' }]))).toEqual([
      'Rédaction',
    ]);
  });

  it("a role's own edit form gets the stored name (saving it writes nothing translated back)", () => {
    expect(names(arrive('fr', 'getRoles', [ROLES[1]], { id: 2 }))).toEqual(['Editor']);
  });

  it("the users list and the signed-in user's roles, in the user's own language at sign-in", () => {
    const users = arrive('fr', 'getUsers', { users: [{ id: 9, roles: [ROLES[3]] }], pagination: null }) as {
      users: { roles: { name: string }[] }[];
    };
    expect(users.users[0].roles[0].name).toBe('Commercial');
    // The interface is still French when the English user's profile arrives.
    const me = arrive('fr', 'getMe', { id: 9, preferedLanguage: 'en', roles: [ROLES[4]] }) as {
      roles: { name: string }[];
    };
    expect(me.roles[0].name).toBe('Sales manager');
  });
});

describe('content locales', () => {
  it('are « Français (fr) » and « Anglais (en) » in French, their stored names in English', () => {
    const locales = [
      { id: 1, code: 'fr', name: 'French (fr)', isDefault: true },
      { id: 2, code: 'en', name: 'English (en)', isDefault: false },
    ];
    expect(names(arrive('fr', 'getLocales', locales))).toEqual(['Français (fr)', 'Anglais (en)']);
    expect(names(arrive('en', 'getLocales', locales))).toEqual(['French (fr)', 'English (en)']);
    expect(names(arrive('fr', 'getLocales', [{ id: 1, code: 'fr', name: 'Français de France' }]))).toEqual([
      'Français de France',
    ]);
  });
});

describe("the home page's recent entries", () => {
  it('say their language, and a consent text is named by its date in words', () => {
    const documents = arrive('fr', 'getRecentDocuments', [
      { documentId: 'a', title: 'Rouge Hexagone', locale: 'fr', contentTypeUid: 'api::site.site' },
      { documentId: 'a', title: 'Rouge Hexagone', locale: 'en', contentTypeUid: 'api::site.site' },
      { documentId: 'b', title: 'REQ-1', locale: null, contentTypeUid: 'api::quote-request.quote-request' },
      {
        documentId: 'c',
        title: '2026-12-04T19:14:00.000Z',
        locale: null,
        contentTypeUid: 'api::privacy-log.consent-text',
      },
    ]) as { title: string }[];
    expect(documents.slice(0, 3).map((document) => document.title)).toEqual([
      'Rouge Hexagone (français)',
      'Rouge Hexagone (anglais)',
      'REQ-1',
    ]);
    expect(documents[3].title).toMatch(/^Phrase de consentement du 4 décembre 2026 (à )?\d{2}:14$/);
  });
});

it('leaves the answers of other endpoints as they are', () => {
  const payload = [{ code: 'strapi-editor', name: 'Editor' }];
  expect(arrive('fr', 'getSomethingElse', payload)).toBe(payload);
});
