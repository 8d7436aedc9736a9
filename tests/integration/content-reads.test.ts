/**
 * What a frontend reads: the seeded pages over REST and GraphQL, in French and English, with HTTP
 * caching; public writes and bad queries refused; the seed import idempotent.
 */
import request from 'supertest';
import { graphqlBody, restData, restError } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

interface Category {
  code: string;
  acronym: string;
  name: string;
  slug: string;
  summary: string;
  linkLabel: string;
  examples: { label: string }[];
  seo: { metaTitle: string; metaDescription: string } | null;
  locale: string;
}

interface ComparisonPage {
  title: string;
  slug: string;
  intro: string;
  options: { key: string; label: string; description: string }[];
  criteria: { criterion: string; values: { optionKey: string; value: string }[] }[];
}

interface Overview {
  locale: string;
  title: string;
  intro: string;
  categoriesSection: { title: string };
  choosingSection: { title: string };
  factors: { label: string }[];
  choosingConclusion: string;
  closingText: string;
  relatedTitle: string;
  quoteCta: Record<string, unknown>;
  categories: Category[];
  comparisonPages: ComparisonPage[];
}

const api = () => request(httpServer());

useStrapi();

describe('content reads over REST', () => {
  it('serves the three categories in French by default, by model code, with their components', async () => {
    const res = await api().get('/api/outsourcing-categories').expect(200);
    const categories = restData<Category[]>(res);
    expect(categories.map((c) => c.code)).toEqual(['bpo', 'ito', 'kpo']);
    expect(categories.every((c) => c.locale === 'fr')).toBe(true);

    const [bpo, ito, kpo] = categories;
    expect(bpo.acronym).toBe('BPO');
    expect(bpo.name).toBe('Business Process Outsourcing');
    expect(bpo.summary).toBe(
      'Externalisation des processus métiers récurrents : paie, facturation, relation client, gestion administrative ou logistique.'
    );
    expect(bpo.examples.map((e) => e.label)).toEqual([
      'paie',
      'facturation',
      'relation client',
      'gestion administrative',
      'logistique',
    ]);
    expect(bpo.linkLabel).toBe('Découvrir le BPO');
    expect(bpo.seo?.metaTitle.length).toBeLessThanOrEqual(60);
    expect(ito.summary).toBe(
      'Délégation des fonctions informatiques : maintenance, développement, cybersécurité ou hébergement d’infrastructures.'
    );
    expect(ito.linkLabel).toBe('En savoir plus sur l’ITO');
    expect(kpo.summary).toContain('recherche, analyse de données, rédaction ou documentation technique');
    expect(kpo.linkLabel).toBe('Explorer le KPO');
  });

  it('serves the English translation with ?locale=en', async () => {
    const res = await api().get('/api/outsourcing-categories?locale=en').expect(200);
    const categories = restData<Category[]>(res);
    expect(categories.map((c) => [c.code, c.locale])).toEqual([
      ['bpo', 'en'],
      ['ito', 'en'],
      ['kpo', 'en'],
    ]);
    expect(categories[0].summary).toMatch(/^Outsourcing of recurring business processes: payroll, invoicing/);
    expect(categories[2].examples.map((e) => e.label)).toContain('data analysis');
  });

  it('finds one category by slug', async () => {
    const res = await api().get('/api/outsourcing-categories?filters[slug][$eq]=kpo&locale=fr').expect(200);
    const categories = restData<Category[]>(res);
    expect(categories).toHaveLength(1);
    expect(categories[0].name).toBe('Knowledge Process Outsourcing');
  });

  it('answers `fields` without `populate` with those fields only, in every spelling, on every page type', async () => {
    for (const [route, query, picked] of [
      ['/api/outsourcing-categories', 'fields=slug&fields=name', ['name', 'slug']],
      ['/api/outsourcing-categories', 'fields[0]=slug&fields[1]=name', ['name', 'slug']],
      ['/api/outsourcing-categories', 'fields=slug,name', ['name', 'slug']],
      ['/api/comparison-pages', 'fields[0]=slug', ['slug']],
      ['/api/outsourcing-overview', 'fields=title', ['title']],
    ] as const) {
      const res = await fetch(`${httpServer()}${route}?${query}`);
      expect([query, res.status]).toEqual([query, 200]);
      const { data } = (await res.json()) as { data: Record<string, unknown> | Record<string, unknown>[] };
      for (const entry of Array.isArray(data) ? data : [data]) {
        expect([route, query, Object.keys(entry).sort()]).toEqual([
          route,
          query,
          ['documentId', 'id', ...picked].sort(),
        ]);
      }
    }
    // Asking for a component as well still returns it.
    const res = await fetch(`${httpServer()}/api/outsourcing-categories?fields=slug&populate[seo]=true`);
    const { data } = (await res.json()) as { data: Record<string, unknown>[] };
    expect(Object.keys(data[0]).sort()).toEqual(['documentId', 'id', 'seo', 'slug']);
  });

  it('serves both comparison pages with options and a criteria table', async () => {
    const fr = await api().get('/api/comparison-pages').expect(200);
    const frPages = restData<ComparisonPage[]>(fr);
    expect(frPages.map((p) => p.title)).toEqual([
      'Externalisation totale ou partielle',
      'Externalisation tactique ou stratégique',
    ]);
    const [totalPartial, tacticalStrategic] = frPages;
    expect(totalPartial.intro).toBe(
      'Selon les objectifs et la sensibilité des activités, une entreprise peut choisir une externalisation totale ou partielle :'
    );
    expect(totalPartial.options).toEqual([
      expect.objectContaining({
        key: 'total',
        label: 'Totale',
        description: 'transfert complet d’une fonction (ex. gestion RH ou service client) à un prestataire externe.',
      }),
      expect.objectContaining({
        key: 'partial',
        label: 'Partielle',
        description: 'délégation ciblée sur certaines tâches, tout en gardant un pilotage interne.',
      }),
    ]);
    // Every criteria row has exactly one value per compared option.
    const optionKeys = totalPartial.options.map((o) => o.key).sort();
    for (const row of totalPartial.criteria) {
      expect(row.values.map((v) => v.optionKey).sort()).toEqual(optionKeys);
    }
    expect(tacticalStrategic.options.map((o) => o.description)).toEqual([
      'vise à réduire les coûts ou absorber une surcharge temporaire.',
      'repose sur un partenariat durable, intégré à la politique globale de l’entreprise.',
    ]);

    const en = await api().get('/api/comparison-pages?locale=en').expect(200);
    expect(restData<ComparisonPage[]>(en).map((p) => p.title)).toEqual([
      'Total or partial outsourcing',
      'Tactical or strategic outsourcing',
    ]);
  });

  it('serves the overview hub page with its sections, factors, call-to-action and relations in one request', async () => {
    const res = await api().get('/api/outsourcing-overview').expect(200);
    const page = restData<Overview>(res);
    expect(page.locale).toBe('fr');
    expect(page.title).toBe('Les types d’externalisation');
    expect(page.intro).toMatch(/^Votre entreprise envisage d’externaliser une partie de ses activités/);
    expect(page.categoriesSection.title).toBe('Les grandes catégories d’externalisation');
    expect(page.choosingSection.title).toBe('Comment choisir le bon modèle d’externalisation ?');
    expect(page.factors.map((f) => f.label)).toEqual([
      'Le niveau de confidentialité des données à traiter',
      'La fréquence et la complexité des tâches',
      'Le degré de supervision souhaité',
      'Les objectifs économiques et organisationnels à atteindre',
    ]);
    expect(page.choosingConclusion).toMatch(/^Un diagnostic préalable des besoins/);
    expect(page.closingText).toContain('Rouge Hexagone vous accompagne');
    expect(page.relatedTitle).toBe('Vous aimerez aussi…');
    expect(page.quoteCta).toEqual(
      expect.objectContaining({
        title: "Envie d'externaliser ?",
        text: 'Demander un devis gratuit et rapide.',
        responseTimeNote: 'Réponse en moyenne sous quelques heures.',
        requiredFieldsNote: '* Champs obligatoires',
      })
    );
    expect(page.categories.map((c) => c.code)).toEqual(['bpo', 'ito', 'kpo']);
    expect(page.comparisonPages.map((p) => p.slug)).toEqual([
      'externalisation-totale-ou-partielle',
      'externalisation-tactique-ou-strategique',
    ]);

    const en = await api().get('/api/outsourcing-overview?locale=en').expect(200);
    const enPage = restData<Overview>(en);
    expect(enPage.title).toBe('Types of outsourcing');
    expect(enPage.factors).toHaveLength(4);
    expect(enPage.categories.every((c) => /^[A-Z]/.test(c.summary))).toBe(true);
    expect(enPage.categories[0].summary).toMatch(/^Outsourcing of recurring/);
  });
});

describe('content reads over GraphQL', () => {
  const gql = (query: string, variables: Record<string, unknown> = {}) =>
    api().post('/graphql').send({ query, variables }).expect(200);

  it('returns categories and the overview per locale', async () => {
    const res = await gql(
      `query ($locale: I18NLocaleCode) {
        outsourcingCategories(locale: $locale, sort: "code:asc") { code acronym summary examples { label } }
        outsourcingOverview(locale: $locale) { title factors { label } quoteCta { title responseTimeNote } categories { code } }
      }`,
      { locale: 'en' }
    );
    const { data, errors } = graphqlBody<{
      outsourcingCategories: Pick<Category, 'code' | 'summary'>[];
      outsourcingOverview: { title: string; factors: { label: string }[]; quoteCta: { responseTimeNote: string } };
    }>(res);
    expect(errors).toBeUndefined();
    expect(data?.outsourcingCategories.map((c) => c.code)).toEqual(['bpo', 'ito', 'kpo']);
    expect(data?.outsourcingCategories[1].summary).toMatch(/^Delegation of IT functions/);
    expect(data?.outsourcingOverview.title).toBe('Types of outsourcing');
    expect(data?.outsourcingOverview.factors).toHaveLength(4);
    expect(data?.outsourcingOverview.quoteCta.responseTimeNote).toBe('We usually reply within a few hours.');
  });

  it('refuses a sort by the former displayOrder as bad input, not as a failure of the server', async () => {
    const res = await api()
      .post('/graphql')
      .send({ query: '{ outsourcingCategories(sort: "displayOrder:asc") { code } }' });
    expect(res.status).toBeLessThan(500);
    const { data, errors } = graphqlBody<{ outsourcingCategories: unknown }>(res);
    expect(data?.outsourcingCategories ?? null).toBeNull();
    expect(errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(errors?.[0]?.message).toMatch(/displayOrder/);
  });

  it('defaults to French and serves comparison pages', async () => {
    const res = await gql(
      `{ comparisonPages(sort: "displayOrder:asc") { title options { key label } criteria { criterion values { optionKey value } } } }`
    );
    const { data, errors } = graphqlBody<{ comparisonPages: ComparisonPage[] }>(res);
    expect(errors).toBeUndefined();
    expect(data?.comparisonPages[0].title).toBe('Externalisation totale ou partielle');
    expect(data?.comparisonPages[1].options.map((o) => o.key)).toEqual(['tactical', 'strategic']);
  });

  it('refuses content mutations to the public', async () => {
    const res = await api()
      .post('/graphql')
      .send({ query: 'mutation { createOutsourcingCategory(data: { acronym: "X" }) { documentId } }' });
    const { data, errors } = graphqlBody<{ createOutsourcingCategory: unknown }>(res);
    expect(data?.createOutsourcingCategory ?? null).toBeNull();
    expect(errors?.[0]?.extensions?.code ?? errors?.[0]?.message).toMatch(/FORBIDDEN|Forbidden/i);
  });
});

describe('/graphql opened in a browser', () => {
  it('answers a plain page on how to query it, with no script to load', async () => {
    const res = await fetch(`${httpServer()}/graphql`, { headers: { Accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Content-Type: application/json');
    expect(html).toContain('GRAPHQL_PLAYGROUND=true');
    expect(html).not.toMatch(/<script|<link|<style|https?:\/\/(?!localhost)/i);
  });
});

describe('HTTP caching of public reads', () => {
  it('sends an ETag and Cache-Control, and answers a matching If-None-Match with 304', async () => {
    const first = await api().get('/api/outsourcing-categories?locale=fr').expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=30');

    const second = await api().get('/api/outsourcing-categories?locale=fr').set('If-None-Match', etag).expect(304);
    expect(second.text).toBe('');

    // Another representation (another locale) has another validator.
    const en = await api().get('/api/outsourcing-categories?locale=en').set('If-None-Match', etag).expect(200);
    expect(en.headers.etag).not.toBe(etag);
  });

  it("answers Node's fetch with 304 although it sends Cache-Control: no-cache with If-None-Match", async () => {
    const url = `${httpServer()}/api/outsourcing-overview?locale=fr`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    // Node's fetch (undici) adds `Cache-Control: no-cache` to this request, as browsers and Next.js do.
    const conditional = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(conditional.status).toBe(304);
    expect(await conditional.text()).toBe('');
    // A list of validators, one of which matches, and the strong form of the weak tag also match.
    const listed = await fetch(url, { headers: { 'If-None-Match': `W/"other", ${etag.replace(/^W\//, '')}` } });
    expect(listed.status).toBe(304);
    const other = await fetch(url, { headers: { 'If-None-Match': 'W/"other"' } });
    expect(other.status).toBe(200);
  });
});

describe('public writes and bad queries', () => {
  it.each([
    ['post', '/api/outsourcing-categories'],
    ['put', '/api/outsourcing-categories/abc'],
    ['delete', '/api/outsourcing-categories/abc'],
    ['post', '/api/comparison-pages'],
    ['put', '/api/outsourcing-overview'],
    ['delete', '/api/outsourcing-overview'],
  ] as const)('refuses %s %s with 403', async (method, path) => {
    const res = await api()
      [method](path)
      .send({ data: { acronym: 'X' } });
    expect(res.status).toBe(403);
    expect(restError(res).name).toBe('ForbiddenError');
  });

  it('answers an unknown query parameter with 400', async () => {
    const res = await api().get('/api/outsourcing-categories?foo=bar');
    expect(res.status).toBe(400);
    expect(restError(res).name).toBe('ValidationError');
  });

  it.each(['xx', 'de', '*', '../etc'])('answers locale=%s with a 4xx', async (locale) => {
    const res = await api().get(`/api/outsourcing-categories?locale=${encodeURIComponent(locale)}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(restError(res)).toBeDefined();
  });

  it('answers a sort by the former displayOrder with 400: the cards’ order is the overview’s list', async () => {
    for (const sort of ['displayOrder:asc', 'displayOrder', 'name:asc,displayOrder:desc']) {
      const res = await api().get(`/api/outsourcing-categories?sort=${encodeURIComponent(sort)}`);
      expect([sort, res.status, restError(res).name]).toEqual([sort, 400, 'ValidationError']);
      expect(restError(res).message).toMatch(/displayOrder/);
    }
    const overview = await api().get('/api/outsourcing-overview?locale=en').expect(200);
    expect(restData<Overview>(overview).categories.map((c) => Object.keys(c))).not.toContainEqual(
      expect.arrayContaining(['displayOrder'])
    );
  });

  it('answers a bad populate or filter with 400, not 500', async () => {
    for (const query of ['populate[nope]=true', 'filters[nope][$eq]=1', 'sort=nope:asc', 'fields[0]=nope']) {
      const res = await api().get(`/api/outsourcing-categories?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
    }
  });

  it('answers every refused read with one details shape, { errors: [{ path, message, name }] }', async () => {
    for (const query of [
      'populate[nope]=true',
      'filters[nope][$eq]=1',
      'sort=nope:asc',
      'fields[0]=nope',
      'foo=bar',
      'locale=xx',
      'status=draft',
      'populate=localizations',
    ]) {
      const res = await fetch(`${httpServer()}/api/outsourcing-categories?${query}`);
      const body = (await res.json()) as { data: unknown; error: { status: number; name: string; details: unknown } };
      expect([query, res.status, body.data, body.error.name]).toEqual([query, 400, null, 'ValidationError']);
      expect([query, body.error.details]).toEqual([
        query,
        {
          errors: [
            {
              path: expect.arrayContaining([]) as unknown,
              message: expect.any(String) as unknown,
              name: 'ValidationError',
            },
          ],
        },
      ]);
    }
  });
});

describe('seed idempotency', () => {
  const CATEGORY = 'api::outsourcing-category.outsourcing-category';
  const importSeed = async (force = false) => {
    const { importSeed: run } = await import('../../src/bootstrap/seed/import-seed');
    return run(getStrapi(), { force });
  };
  const countRows = (uid: typeof CATEGORY | 'api::comparison-page.comparison-page') =>
    getStrapi().db.query(uid).count();

  // The test edits and publishes the seeded French BPO category: put the seeded text back after it,
  // also when it fails half-way, so the file's other tests read the seed.
  let seeded: { documentId: string; summary: string } | undefined;
  beforeEach(async () => {
    const bpo = await getStrapi()
      .documents(CATEGORY)
      .findFirst({ filters: { code: 'bpo' }, locale: 'fr' });
    if (!bpo?.summary) throw new Error('the seed has no French BPO summary');
    seeded = { documentId: bpo.documentId, summary: bpo.summary };
  });
  afterEach(async () => {
    if (!seeded) return;
    const { documentId, summary } = seeded;
    const documents = getStrapi().documents(CATEGORY);
    const published = await documents.findOne({ documentId, locale: 'fr', status: 'published' });
    if (published?.summary !== summary) {
      await documents.update({ documentId, locale: 'fr', data: { summary } });
      await documents.publish({ documentId, locale: 'fr' });
    }
    await documents.discardDraft({ documentId, locale: 'fr' });
  });

  it('creates no duplicates and keeps an editor change; --force restores the seed', async () => {
    const before = [await countRows(CATEGORY), await countRows('api::comparison-page.comparison-page')];
    const documents = getStrapi().documents(CATEGORY);
    const bpo = await documents.findFirst({ filters: { code: 'bpo' }, locale: 'fr' });
    expect(bpo).not.toBeNull();
    await documents.update({
      documentId: bpo!.documentId,
      locale: 'fr',
      data: { summary: 'Résumé modifié par un éditeur.' },
    });
    await documents.publish({ documentId: bpo!.documentId, locale: 'fr' });

    const report = await importSeed();
    expect(report.created).toBe(0);
    expect(report.updated).toBe(0);
    expect([await countRows(CATEGORY), await countRows('api::comparison-page.comparison-page')]).toEqual(before);
    let res = await api().get('/api/outsourcing-categories?filters[code][$eq]=bpo').expect(200);
    expect(restData<Category[]>(res)[0].summary).toBe('Résumé modifié par un éditeur.');

    const forced = await importSeed(true);
    expect(forced.updated).toBeGreaterThan(0);
    expect(forced.created).toBe(0);
    res = await api().get('/api/outsourcing-categories?filters[code][$eq]=bpo').expect(200);
    expect(restData<Category[]>(res)[0].summary).toMatch(/^Externalisation des processus métiers récurrents/);
    expect([await countRows(CATEGORY), await countRows('api::comparison-page.comparison-page')]).toEqual(before);
  });
});
