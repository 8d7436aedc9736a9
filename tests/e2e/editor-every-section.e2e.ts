/**
 * Editors edit the whole page, in the admin as they use it, in French: Strapi's Editor role changes one field
 * in every section of the overview (components, both relations, repeatable factors, the quote block, SEO and
 * its image), of a category (rich text and examples included) and of a comparison page (nested table cells),
 * in French and English, publishes, and a frontend finds each change over REST and GraphQL; the Site (the
 * company's identity) likewise. An Author does the same on a document they created, and cannot change the
 * others'. Sales works the requests in French.
 *
 * `SCREENSHOTS_DIR=docs/screenshots npm run test:e2e -- editor-every-section` also writes the README's
 * screenshots (1440×900, French) there.
 */
import fs from 'fs';
import path from 'path';
import type { Browser, BrowserContext, Cookie, Locator, Page } from 'playwright-core';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, startApp, type E2eApp } from './helpers';
import { ROOT } from '../../scripts/lib/server';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const EDITOR = { email: 'elise@rouge-hexagone.test', password: 'Ed1tor-Passw0rd!' };
const AUTHOR = { email: 'arthur@rouge-hexagone.test', password: 'Auth0r-Passw0rd!' };
const SALES = { email: 'sacha@rouge-hexagone.test', password: 'Sa1es-Passw0rd!' };
type User = typeof ADMIN;

const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const COMPARISON = 'api::comparison-page.comparison-page';
const VIEWPORT = { width: 1440, height: 900 };

let app: E2eApp;
let browser: Browser;

/** Strapi limits sign-ins per address: each user signs in once through the form and once through the API. */
const sessionCookies = new Map<string, Cookie[]>();
const apiTokens = new Map<string, string>();

const apiToken = async (user: User): Promise<string> => {
  const known = apiTokens.get(user.email);
  if (known) return known;
  const token = await adminApi(app.url).login(user.email, user.password);
  apiTokens.set(user.email, token);
  return token;
};

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  const token = await apiToken(ADMIN);
  for (const [user, roleCode] of [
    [EDITOR, 'strapi-editor'],
    [AUTHOR, 'strapi-author'],
    [SALES, 'sales'],
  ] as const) {
    await api.createUser(token, { ...user, roleCode });
    // Each of them works in French (their own choice under Profile).
    const me = await api.call('PUT', '/admin/users/me', await apiToken(user), { preferedLanguage: 'fr' });
    expect(me.status).toBe(200);
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const signIn = async (user: User): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR' });
  const page = await context.newPage();
  const cookies = sessionCookies.get(user.email);
  if (cookies) {
    await context.addCookies(cookies);
    await page.goto(`${app.url}/admin`);
  } else {
    await page.goto(`${app.url}/admin/auth/login`);
    await page.fill('input[name="email"]', user.email);
    await page.fill('input[name="password"]', user.password);
    await page.click('button[type="submit"]');
  }
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 30000 });
  if (!cookies) sessionCookies.set(user.email, await context.cookies());
  return { context, page };
};

/** Closes Strapi's announcement banner (it would cover the top of every screenshot). */
const dismissBanner = async (page: Page) => {
  const close = page.getByRole('button', { name: /Close the banner|Fermer la bannière/i });
  if (
    await close
      .first()
      .isVisible()
      .catch(() => false)
  )
    await close.first().click();
};

/**
 * The README's screenshots: always in tests/e2e/artifacts, and in SCREENSHOTS_DIR when set. `wholeForm` grows
 * the window to the admin's scrolling area so that every section of a long edit view shows.
 */
const docScreenshot = async (page: Page, name: string, { wholeForm = false } = {}) => {
  if (wholeForm) {
    // Strapi's layout scrolls inside an element, not the document: the tallest hidden overflow.
    const hidden = Number(
      await page.evaluate(`Math.max(0, ...Array.from(document.querySelectorAll('*'))
        .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))
        .map((e) => e.scrollHeight - e.clientHeight))`)
    );
    await page.setViewportSize({ width: VIEWPORT.width, height: Math.min(VIEWPORT.height + hidden, 8000) });
  }
  await screenshot(page, name);
  const dir = process.env.SCREENSHOTS_DIR;
  if (dir) {
    const target = path.resolve(ROOT, dir);
    fs.mkdirSync(target, { recursive: true });
    await page.screenshot({ path: path.join(target, `${name}.png`) });
  }
  if (wholeForm) await page.setViewportSize(VIEWPORT);
};

/** Waits until `read` gives `expected` (a frontend reads a published change within the cache's TTL). */
const eventually = async <T>(read: () => Promise<T>, expected: (value: T) => boolean, what: string): Promise<T> => {
  let value = await read();
  for (let i = 0; i < 40 && !expected(value); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  if (!expected(value)) throw new Error(`${what}: still ${JSON.stringify(value)}`);
  return value;
};

const restGet = async <T>(urlPath: string): Promise<T> => {
  const res = await fetch(`${app.url}${urlPath}`);
  if (res.status !== 200) throw new Error(`GET ${urlPath}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: T }).data;
};

const graphql = async <T>(query: string): Promise<T> => {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (res.status !== 200 || body.errors || !body.data)
    throw new Error(`GraphQL ${res.status}: ${JSON.stringify(body)}`);
  return body.data;
};

/** Publishes what the form shows and waits for Strapi's "Publié" notification. */
const publish = async (page: Page) => {
  const toast = page.locator('[data-sonner-toast]').filter({ hasText: 'Publié' });
  // A notification from the previous publication may still be fading out.
  await toast.first().waitFor({ state: 'detached', timeout: 15000 });
  const published = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('/actions/publish'),
    { timeout: 30000 }
  );
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  expect((await published).status()).toBe(200);
  await toast.first().waitFor({ timeout: 20000 });
};

/** Switches the edit view to another locale with its locale menu; waits for the address, then for `ready`. */
const switchLocale = async (page: Page, locale: 'fr' | 'en', ready: Locator) => {
  await page.getByRole('combobox', { name: 'Langues' }).click();
  await page.getByRole('option', { name: new RegExp(`\\(${locale}\\)`) }).click();
  await page.waitForURL((url) => url.searchParams.get('plugins[i18n][locale]') === locale);
  await ready.waitFor({ timeout: 30000 });
};

/** Waits for a form field to show the value the document holds (the form is filled after the address changes). */
const fieldShows = async (field: Locator, value: string) => {
  await eventually(
    () => field.inputValue(),
    (v) => v === value,
    `a field showing ${value}`
  );
};

/** Opens a repeatable component's entry (they show folded, titled by their first field). */
const unfold = async (page: Page, title: string, nth = 0) => {
  await page.getByRole('button', { name: title, exact: true }).nth(nth).click();
};

/** Removes a related document from a relation field with its "Supprimer" button. */
const removeRelation = async (page: Page, name: string) => {
  await page
    .locator('li')
    .filter({ has: page.getByRole('button', { name, exact: true }) })
    .getByRole('button', { name: 'Supprimer', exact: true })
    .click();
  await page.getByRole('button', { name, exact: true }).waitFor({ state: 'detached' });
};

/** Adds a document to a relation field from its search list (it goes to the end of the list). */
const addRelation = async (page: Page, field: string, name: string | RegExp) => {
  await page.locator(`input[name="${field}"]`).click();
  await page.getByRole('option', { name }).first().click();
};

/** Picks an image of the media library for a media field (Cliquer pour ajouter un média…). */
const pickImage = async (page: Page, fileName: string) => {
  await page.getByRole('button', { name: /Cliquer pour ajouter un média/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: fileName }).waitFor();
  await dialog.locator('article').filter({ hasText: fileName }).getByRole('checkbox').click();
  await dialog.getByRole('button', { name: 'Terminer', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
};

const NOT_ALLOWED = /pas autorisé/;

describe('the Editor edits every section, in French and English, and frontends read it', () => {
  it('the overview: texts, sections, both relations, the factors, the quote block, SEO and its image', async () => {
    // The image the editor shares on social networks, uploaded to the media library beforehand.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64'
    );
    const form = new FormData();
    form.append('files', new Blob([png], { type: 'image/png' }), 'partage-social.png');
    const uploaded = await fetch(`${app.url}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await apiToken(EDITOR)}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);

    const { context, page } = await signIn(EDITOR);
    await page.goto(`${app.url}/admin/content-manager/single-types/${OVERVIEW}?plugins[i18n][locale]=fr`);
    await page.getByRole('heading', { level: 1, name: 'Les types d’externalisation' }).waitFor();
    await page.locator('input[name="title"]').waitFor();
    await dismissBanner(page);
    expect(await page.getByText(NOT_ALLOWED).count()).toBe(0);
    await docScreenshot(page, 'editor-overview-edit-view-fr', { wholeForm: true });

    const edits = {
      fr: {
        title: 'Les types d’externalisation, revus par la rédaction',
        categoriesSection: 'Nos trois grandes catégories',
        choosingSection: 'Bien choisir son modèle',
        factor: 'La confidentialité des données traitées',
        relatedTitle: 'À lire aussi',
        responseTimeNote: 'Réponse sous quatre heures ouvrées.',
        metaTitle: 'Types d’externalisation : BPO, ITO, KPO (revu)',
      },
      en: {
        title: 'Types of outsourcing, reviewed',
        categoriesSection: 'Our three main categories',
        choosingSection: 'Choosing your model',
        factor: 'How confidential the data is',
        relatedTitle: 'Read next',
        responseTimeNote: 'We reply within four business hours.',
        metaTitle: 'Types of outsourcing: BPO, ITO, KPO (reviewed)',
      },
    };
    const fill = async (values: (typeof edits)['fr'], firstFactor: string) => {
      await page.locator('input[name="title"]').fill(values.title);
      await page.locator('input[name="categoriesSection.title"]').fill(values.categoriesSection);
      await page.locator('input[name="choosingSection.title"]').fill(values.choosingSection);
      await unfold(page, firstFactor);
      await page.locator('input[name="factors.0.label"]').fill(values.factor);
      await page.locator('input[name="relatedTitle"]').fill(values.relatedTitle);
      await page.locator('input[name="quoteCta.responseTimeNote"]').fill(values.responseTimeNote);
      await page.locator('input[name="seo.metaTitle"]').fill(values.metaTitle);
      await pickImage(page, 'partage-social.png');
    };

    // French: KPO and the tactical/strategic comparison are no longer presented.
    await fill(edits.fr, 'Le niveau de confidentialité des données à traiter');
    await removeRelation(page, 'KPO');
    await removeRelation(page, 'Externalisation tactique ou stratégique');
    await publish(page);

    // English: BPO moves to the end, the total/partial comparison after the tactical/strategic one.
    await switchLocale(page, 'en', page.getByRole('heading', { level: 1, name: 'Types of outsourcing' }));
    await fieldShows(page.locator('input[name="title"]'), 'Types of outsourcing');
    await fill(edits.en, 'The level of confidentiality of the data to be processed');
    await removeRelation(page, 'BPO');
    await addRelation(page, 'categories', /^BPO/);
    await removeRelation(page, 'Total or partial outsourcing');
    await addRelation(page, 'comparisonPages', /^Total or partial outsourcing/);
    await publish(page);
    await context.close();

    interface Overview {
      title: string;
      categoriesSection: { title: string };
      choosingSection: { title: string };
      categories: { code: string }[];
      comparisonPages: { title: string }[];
      factors: { label: string }[];
      relatedTitle: string;
      quoteCta: { responseTimeNote: string };
      seo: { metaTitle: string; metaImage: { name: string; url: string } | null };
    }
    const expected = {
      fr: {
        categories: ['bpo', 'ito'],
        comparisonPages: ['Externalisation totale ou partielle'],
      },
      en: {
        categories: ['ito', 'kpo', 'bpo'],
        comparisonPages: ['Tactical or strategic outsourcing', 'Total or partial outsourcing'],
      },
    };
    const check = (overview: Overview, locale: 'fr' | 'en') => {
      const values = edits[locale];
      expect({
        title: overview.title,
        categoriesSection: overview.categoriesSection.title,
        choosingSection: overview.choosingSection.title,
        factor: overview.factors[0].label,
        relatedTitle: overview.relatedTitle,
        responseTimeNote: overview.quoteCta.responseTimeNote,
        metaTitle: overview.seo.metaTitle,
      }).toEqual(values);
      expect(overview.factors).toHaveLength(4);
      expect(overview.categories.map((c) => c.code)).toEqual(expected[locale].categories);
      expect(overview.comparisonPages.map((c) => c.title)).toEqual(expected[locale].comparisonPages);
      expect(overview.seo.metaImage?.name).toBe('partage-social.png');
      expect(overview.seo.metaImage?.url).toMatch(/^\/uploads\/partage_social_\w+\.png$/);
    };
    for (const locale of ['fr', 'en'] as const) {
      // REST as a frontend asks for the page: every relation and component, the SEO image inside its component.
      const rest = await eventually(
        () =>
          restGet<Overview>(
            `/api/outsourcing-overview?locale=${locale}&populate[categories]=true&populate[comparisonPages]=true` +
              '&populate[categoriesSection]=true&populate[choosingSection]=true&populate[factors]=true' +
              '&populate[quoteCta]=true&populate[seo][populate]=metaImage'
          ),
        (o) => o.title === edits[locale].title,
        `REST overview ${locale}`
      );
      check(rest, locale);
      // populate=* (every relation and component, one level) serves the same sections.
      const star = await restGet<Overview & { seo: { metaImage?: unknown } }>(
        `/api/outsourcing-overview?locale=${locale}&populate=*`
      );
      check({ ...star, seo: { ...star.seo, metaImage: rest.seo.metaImage } }, locale);
      const { outsourcingOverview } = await graphql<{ outsourcingOverview: Overview }>(`{
        outsourcingOverview(locale: "${locale}") {
          title relatedTitle categoriesSection { title } choosingSection { title } categories { code }
          comparisonPages { title } factors { label } quoteCta { responseTimeNote } seo { metaTitle metaImage { name url } }
        }
      }`);
      check(outsourcingOverview, locale);
    }
  });

  it('a category: summary, rich-text body, examples, link label and SEO', async () => {
    const { context, page } = await signIn(EDITOR);
    await page.goto(`${app.url}/admin/content-manager/collection-types/${CATEGORY}?plugins[i18n][locale]=fr`);
    await page.getByRole('heading', { level: 1, name: /Catégorie d.externalisation/ }).waitFor();
    await page.getByRole('gridcell', { name: 'BPO', exact: true }).first().click();
    await page.waitForURL((url) => url.pathname.includes(`/collection-types/${CATEGORY}/`));
    const summary = page.locator('textarea[name="summary"]');
    await summary.waitFor();
    await fieldShows(page.locator('input[name="acronym"]'), 'BPO');
    await dismissBanner(page);
    expect(await page.getByText(NOT_ALLOWED).count()).toBe(0);
    await docScreenshot(page, 'editor-category-edit-view-fr', { wholeForm: true });
    const documentId = new URL(page.url()).pathname.split('/').pop()!;

    const edits = {
      fr: {
        summary: 'Externalisation des processus métiers récurrents, revue par la rédaction.',
        body: 'logistique et achats',
        example: 'paie et déclarations sociales',
        linkLabel: 'Tout savoir sur le BPO',
        metaDescription: 'Le BPO en pratique : paie, facturation, relation client, achats.',
      },
      en: {
        summary: 'Outsourcing of recurring business processes, reviewed by the editors.',
        body: 'logistics and purchasing',
        example: 'payroll and social declarations',
        linkLabel: 'All about BPO',
        metaDescription: 'BPO in practice: payroll, invoicing, customer relations, purchasing.',
      },
    };
    const fill = async (values: (typeof edits)['fr'], lastListItem: string, firstExample: string) => {
      await summary.fill(values.summary);
      // The rich text: the list's last item, word replaced as a person does (double-click, type).
      await page.locator('[role="textbox"][contenteditable="true"]').getByText(lastListItem).dblclick();
      await page.keyboard.type(values.body);
      await unfold(page, firstExample);
      await page.locator('input[name="examples.0.label"]').fill(values.example);
      await page.locator('input[name="linkLabel"]').fill(values.linkLabel);
      await page.locator('textarea[name="seo.metaDescription"]').fill(values.metaDescription);
    };
    await fill(edits.fr, 'logistique', 'paie');
    await publish(page);
    await switchLocale(page, 'en', summary);
    await fieldShows(
      summary,
      'Outsourcing of recurring business processes: payroll, invoicing, customer relations, administration or logistics.'
    );
    await fill(edits.en, 'logistics', 'payroll');
    await publish(page);
    await context.close();

    interface Category {
      summary: string;
      body: unknown;
      examples: { label: string }[];
      linkLabel: string;
      seo: { metaDescription: string };
    }
    const check = (category: Category, locale: 'fr' | 'en') => {
      const values = edits[locale];
      expect({
        summary: category.summary,
        example: category.examples[0].label,
        linkLabel: category.linkLabel,
        metaDescription: category.seo.metaDescription,
      }).toEqual({
        summary: values.summary,
        example: values.example,
        linkLabel: values.linkLabel,
        metaDescription: values.metaDescription,
      });
      expect(category.examples).toHaveLength(5);
      expect(JSON.stringify(category.body)).toContain(`"text":"${values.body}`);
    };
    for (const locale of ['fr', 'en'] as const) {
      const [rest] = await eventually(
        () => restGet<Category[]>(`/api/outsourcing-categories?filters[code][$eq]=bpo&locale=${locale}&populate=*`),
        (list) => list[0]?.summary === edits[locale].summary,
        `REST category ${locale}`
      );
      check(rest, locale);
      check(
        await restGet<Category>(
          `/api/outsourcing-categories/${documentId}?locale=${locale}&populate[examples]=true&populate[seo]=true`
        ),
        locale
      );
      const { outsourcingCategories } = await graphql<{ outsourcingCategories: Category[] }>(`{
        outsourcingCategories(locale: "${locale}", filters: { code: { eq: "bpo" } }) {
          summary body examples { label } linkLabel seo { metaDescription }
        }
      }`);
      check(outsourcingCategories[0], locale);
    }
  });

  it('a comparison page: intro, compared options, a table cell and SEO', async () => {
    const { context, page } = await signIn(EDITOR);
    await page.goto(`${app.url}/admin/content-manager/collection-types/${COMPARISON}?plugins[i18n][locale]=fr`);
    await page.getByRole('heading', { level: 1, name: /Page de comparaison/ }).waitFor();
    await page.getByRole('gridcell', { name: 'Externalisation totale ou partielle', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Externalisation totale ou partielle' }).waitFor();
    const intro = page.locator('textarea[name="intro"]');
    await intro.waitFor();
    expect(await page.getByText(NOT_ALLOWED).count()).toBe(0);
    const documentId = new URL(page.url()).pathname.split('/').pop()!;

    const edits = {
      fr: {
        intro: 'Totale ou partielle : tout dépend de vos objectifs et de la sensibilité des activités.',
        option: 'Externalisation totale',
        cell: 'Une fonction entière, de bout en bout',
        metaTitle: 'Totale ou partielle : bien choisir (revu)',
      },
      en: {
        intro: 'Total or partial: it depends on your objectives and how sensitive the activities are.',
        option: 'Total outsourcing',
        cell: 'A whole function, end to end',
        metaTitle: 'Total or partial: choosing well (reviewed)',
      },
    };
    const fill = async (values: (typeof edits)['fr'], firstCriterion: string, firstOption: string) => {
      await intro.fill(values.intro);
      // Compared options are listed by label.
      await unfold(page, firstOption);
      await page.locator('input[name="options.0.label"]').fill(values.option);
      // A row shows its cells open under its title.
      await unfold(page, firstCriterion);
      await page.locator('textarea[name="criteria.0.values.0.value"]').fill(values.cell);
      await page.locator('input[name="seo.metaTitle"]').fill(values.metaTitle);
    };
    await fill(edits.fr, 'Périmètre confié', 'Totale');
    await publish(page);
    await switchLocale(page, 'en', page.getByRole('heading', { level: 1, name: 'Total or partial outsourcing' }));
    await fieldShows(
      intro,
      'Depending on its objectives and how sensitive the activities are, a company can choose total or partial outsourcing:'
    );
    await fill(edits.en, 'Scope entrusted', 'Total');
    await publish(page);
    await context.close();

    interface Comparison {
      intro: string;
      options: { label: string }[];
      criteria: { values: { value: string }[] }[];
      seo: { metaTitle: string };
    }
    const check = (comparison: Comparison, locale: 'fr' | 'en') => {
      expect({
        intro: comparison.intro,
        option: comparison.options[0].label,
        cell: comparison.criteria[0].values[0].value,
        metaTitle: comparison.seo.metaTitle,
      }).toEqual(edits[locale]);
      expect(comparison.criteria[0].values).toHaveLength(2);
    };
    for (const locale of ['fr', 'en'] as const) {
      const rest = await eventually(
        () =>
          restGet<Comparison>(
            `/api/comparison-pages/${documentId}?locale=${locale}&populate[options]=true&populate[criteria][populate]=values&populate[seo]=true`
          ),
        (c) => c.intro === edits[locale].intro,
        `REST comparison ${locale}`
      );
      check(rest, locale);
      const { comparisonPage } = await graphql<{ comparisonPage: Comparison }>(`{
        comparisonPage(documentId: "${documentId}", locale: "${locale}") {
          intro options { label } criteria { values { value } } seo { metaTitle }
        }
      }`);
      check(comparisonPage, locale);
    }
  });
});

describe('the Editor edits the company’s identity', () => {
  it('the Site: mail signature per language and the contact address, saved, read by REST and GraphQL', async () => {
    const { context, page } = await signIn(EDITOR);
    await page.goto(`${app.url}/admin/content-manager/single-types/api::site.site?plugins[i18n][locale]=fr`);
    const signature = page.locator('input[name="mailSignature"]');
    await fieldShows(signature, 'L’équipe Rouge Hexagone');
    expect(await page.getByText(NOT_ALLOWED).count()).toBe(0);
    const save = async () => {
      const toast = page.locator('[data-sonner-toast]').filter({ hasText: 'Sauvegardé' });
      await toast.first().waitFor({ state: 'detached', timeout: 15000 });
      const saved = page.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().includes('/content-manager/single-types/api::site.site'),
        { timeout: 30000 }
      );
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      expect((await saved).status()).toBe(200);
      await toast.first().waitFor({ timeout: 20000 });
    };
    const edits = {
      fr: 'L’équipe commerciale de Rouge Hexagone',
      en: 'The Rouge Hexagone sales team',
    };
    await signature.fill(edits.fr);
    await page.locator('input[name="contactEmail"]').fill('contact@rouge-hexagone.test');
    await save();
    await switchLocale(page, 'en', signature);
    await fieldShows(signature, 'The Rouge Hexagone team');
    await signature.fill(edits.en);
    await save();
    await context.close();

    for (const locale of ['fr', 'en'] as const) {
      const rest = await eventually(
        () => restGet<{ mailSignature: string; contactEmail: string }>(`/api/site?locale=${locale}`),
        (site) => site.mailSignature === edits[locale],
        `REST site ${locale}`
      );
      expect(rest.contactEmail).toBe('contact@rouge-hexagone.test');
      const { site } = await graphql<{ site: { mailSignature: string; contactEmail: string } }>(
        `{ site(locale: "${locale}") { mailSignature contactEmail } }`
      );
      expect(site).toEqual({ mailSignature: edits[locale], contactEmail: 'contact@rouge-hexagone.test' });
    }
  });
});

describe('the Author, on the documents they create', () => {
  it('creates a comparison page with every attribute in fr and en, edits and publishes it in the admin; the others’ stay out of reach', async () => {
    const token = await apiToken(AUTHOR);
    const api = adminApi(app.url);
    const base = `/content-manager/collection-types/${COMPARISON}`;
    const form = new FormData();
    form.append(
      'files',
      new Blob(
        [
          Buffer.from(
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
            'base64'
          ),
        ],
        { type: 'image/png' }
      ),
      'ponctuel-continu.png'
    );
    const uploaded = await fetch(`${app.url}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const [image] = (await uploaded.json()) as { id: number }[];

    const document = (locale: 'fr' | 'en') => {
      const fr = locale === 'fr';
      return {
        title: fr ? 'Externalisation ponctuelle ou continue' : 'One-off or ongoing outsourcing',
        slug: fr ? 'externalisation-ponctuelle-ou-continue' : 'one-off-or-ongoing-outsourcing',
        intro: fr ? 'Une mission ou un contrat dans la durée :' : 'One assignment or a lasting contract:',
        options: [
          {
            key: 'ponctuelle',
            label: fr ? 'Ponctuelle' : 'One-off',
            description: fr ? 'une mission.' : 'one assignment.',
          },
          { key: 'continue', label: fr ? 'Continue' : 'Ongoing', description: fr ? 'un contrat.' : 'a contract.' },
        ],
        criteria: [
          {
            criterion: fr ? 'Durée' : 'Duration',
            values: [
              { optionKey: 'ponctuelle', value: fr ? 'Quelques semaines' : 'A few weeks' },
              { optionKey: 'continue', value: fr ? 'Plusieurs années' : 'Several years' },
            ],
          },
        ],
        linkLabel: fr ? 'Comparer ponctuel et continu' : 'Compare one-off and ongoing',
        displayOrder: 3,
        seo: {
          metaTitle: fr ? 'Ponctuelle ou continue' : 'One-off or ongoing',
          metaDescription: fr ? 'Mission ponctuelle ou contrat continu.' : 'A one-off assignment or a contract.',
          canonicalUrl: fr ? '/fr/externalisation/ponctuelle-continue' : '/en/outsourcing/one-off-ongoing',
          noIndex: true,
          metaImage: image.id,
        },
      };
    };
    const created = await api.call('POST', `${base}?locale=fr`, token, document('fr'));
    expect(created.status).toBe(201);
    const documentId = String((created.body.data as { documentId: string }).documentId);
    const english = await api.call('PUT', `${base}/${documentId}?locale=en`, token, document('en'));
    expect(english.status).toBe(200);

    // The Author reads back every attribute they wrote, in both locales.
    for (const locale of ['fr', 'en'] as const) {
      const read = await api.call('GET', `${base}/${documentId}?locale=${locale}`, token);
      expect(read.status).toBe(200);
      const data = read.body.data as ReturnType<typeof document> & { seo: { metaImage: { id: number } | null } };
      const { seo, ...rest } = document(locale);
      expect(data).toMatchObject({
        title: rest.title,
        slug: rest.slug,
        intro: rest.intro,
        linkLabel: rest.linkLabel,
        displayOrder: 3,
        options: rest.options.map((o): unknown => expect.objectContaining(o)),
        criteria: [
          expect.objectContaining({
            criterion: rest.criteria[0].criterion,
            values: rest.criteria[0].values.map((v): unknown => expect.objectContaining(v)),
          }),
        ],
        seo: expect.objectContaining({
          metaTitle: seo.metaTitle,
          metaDescription: seo.metaDescription,
          canonicalUrl: seo.canonicalUrl,
          noIndex: true,
        }) as unknown,
      });
      expect(data.seo.metaImage?.id).toBe(image.id);
    }

    // In the admin, in French: the list holds the Author's page, every field is there and editable.
    const { context, page } = await signIn(AUTHOR);
    await page.goto(`${app.url}${`/admin${base}`}?plugins[i18n][locale]=fr`);
    await page.getByRole('heading', { level: 1, name: /Page de comparaison/ }).waitFor();
    await page.getByRole('gridcell', { name: 'Externalisation ponctuelle ou continue', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Externalisation ponctuelle ou continue' }).waitFor();
    const intro = page.locator('textarea[name="intro"]');
    await fieldShows(intro, document('fr').intro);
    expect(await page.getByText(NOT_ALLOWED).count()).toBe(0);
    for (const name of ['title', 'slug', 'linkLabel', 'displayOrder', 'seo.metaTitle', 'seo.canonicalUrl'])
      expect([name, await page.locator(`input[name="${name}"]`).isEditable()]).toEqual([name, true]);
    const edits = {
      fr: 'Une mission ponctuelle ou un contrat dans la durée : à vous de choisir.',
      en: 'A one-off assignment or a lasting contract: your choice.',
    };
    await intro.fill(edits.fr);
    await publish(page);
    await switchLocale(page, 'en', page.getByRole('heading', { level: 1, name: 'One-off or ongoing outsourcing' }));
    await fieldShows(intro, document('en').intro);
    await intro.fill(edits.en);
    await publish(page);
    await context.close();

    for (const locale of ['fr', 'en'] as const) {
      const rest = await eventually(
        () =>
          restGet<{ intro: string; criteria: { values: { value: string }[] }[]; seo: { metaImage: { id: number } } }>(
            `/api/comparison-pages/${documentId}?locale=${locale}&populate[criteria][populate]=values&populate[seo][populate]=metaImage`
          ),
        (c) => c.intro === edits[locale],
        `REST Author's page ${locale}`
      );
      expect(rest.criteria[0].values[1].value).toBe(document(locale).criteria[0].values[1].value);
      expect(rest.seo.metaImage.id).toBe(image.id);
      const { comparisonPage } = await graphql<{ comparisonPage: { intro: string; seo: { noIndex: boolean } } }>(
        `{ comparisonPage(documentId: "${documentId}", locale: "${locale}") { intro seo { noIndex } } }`
      );
      expect(comparisonPage).toEqual({ intro: edits[locale], seo: { noIndex: true } });
    }

    // A page the Author did not create: neither readable nor writable in the admin, unchanged for the public.
    const [seeded] = await restGet<{ documentId: string; intro: string }[]>(
      `/api/comparison-pages?locale=fr&filters[slug][$eq]=externalisation-tactique-ou-strategique`
    );
    expect(seeded).toBeDefined();
    expect((await api.call('GET', `${base}/${seeded.documentId}?locale=fr`, token)).status).toBe(403);
    const refused = await api.call('PUT', `${base}/${seeded.documentId}?locale=fr`, token, { intro: 'Réécrit.' });
    expect(refused.status).toBe(403);
    const publishRefused = await api.call('POST', `${base}/${seeded.documentId}/actions/publish?locale=fr`, token, {});
    expect(publishRefused.status).toBe(403);
    const [after] = await restGet<{ intro: string }[]>(
      `/api/comparison-pages?locale=fr&filters[slug][$eq]=externalisation-tactique-ou-strategique`
    );
    expect(after.intro).toBe(seeded.intro);
  });
});

const QUOTE_LIST = `/admin/content-manager/collection-types/api::quote-request.quote-request`;

describe('Sales in French', () => {
  it('the sales-desk widget, the request list, a request and the notification list', async () => {
    const references: string[] = [];
    for (const [fullName, company, requestedModel, message] of [
      ['Claire Dubois', 'Dubois Logistique', 'bpo', 'Nous voulons externaliser toute la paie.'],
      ['Inès Tran', 'Tran Systèmes', 'ito', 'Infogérance de notre parc et support de niveau 1.'],
      ['Karl Petit', 'Petit Études', 'kpo', 'Analyse de données de marché chaque trimestre.'],
    ]) {
      const res = await fetch(`${app.url}/api/quote-requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          data: {
            fullName,
            company,
            requestedModel,
            message,
            email: `${fullName.split(' ')[0].toLowerCase().replace('è', 'e')}@client.test`,
            scope: 'partial',
            consent: true,
          },
        }),
      });
      expect(res.status).toBe(201);
      references.push(((await res.json()) as { data: { reference: string } }).data.reference);
    }

    const { context, page } = await signIn(SALES);
    await page.goto(`${app.url}/admin`);
    await page.getByTestId('open-kpo').waitFor();
    await dismissBanner(page);
    expect(Number((await page.getByTestId('open-kpo').locator('p').innerText()).trim())).toBeGreaterThanOrEqual(1);
    // The widget, in French, at the top of the window.
    await page
      .getByText('Bureau commercial', { exact: true })
      .evaluate((title: { scrollIntoView(options: { block: string }): void }) =>
        title.scrollIntoView({ block: 'start' })
      );
    await docScreenshot(page, 'sales-home-widget-fr');

    await page.goto(`${app.url}${QUOTE_LIST}`);
    await page.waitForURL((url) => url.pathname.endsWith('/api::quote-request.quote-request'));
    const row = page.getByRole('grid').getByRole('row', { name: new RegExp(references[0]) });
    await row.waitFor();
    await docScreenshot(page, 'sales-quote-request-list-fr');

    await row.getByText(references[0]).click();
    await page.waitForURL((url) => url.pathname.includes('/api::quote-request.quote-request/'));
    await fieldShows(page.locator('input[name="company"]'), 'Dubois Logistique');
    expect(await page.getByText(NOT_ALLOWED).count()).toBe(0);
    await docScreenshot(page, 'sales-quote-request-fr', { wholeForm: true });

    await page.goto(`${app.url}/admin/content-manager/collection-types/api::quote-notification.quote-notification`);
    await page.waitForURL((url) => url.pathname.endsWith('/api::quote-notification.quote-notification'));
    // Two mails per request (the sales team's, the requester's confirmation): the list holds at least six.
    await page.getByRole('grid').getByRole('row').nth(6).waitFor();
    await docScreenshot(page, 'sales-notification-list-fr');
    await context.close();
  });
});
