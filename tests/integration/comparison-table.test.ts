/**
 * The comparison table's rules on every save, draft included: a row has a title, and each cell names one
 * of the page's options, once. Refused with a 400 in French naming the row or the cell (Strapi's error
 * body, one entry per faulty field, so the admin shows each under its input), nothing stored, whether
 * the Editor saves in the Content Manager, a token writes over REST, or a draft stored before the rules
 * is published. A valid row saved by the Editor reaches REST once published.
 */
import { adminToken, apiToken } from '../helpers/admin';
import type { ErrorBody } from '../helpers/http';
import { capturedLog } from '../helpers/log-capture';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';
import { reportNonCompliantTables } from '../../src/api/comparison-page/comparison-table-guard';

const UID = 'api::comparison-page.comparison-page';
const CM = `/content-manager/collection-types/${UID}`;

useStrapi({ EMAIL_OUTBOX_ENABLED: 'false' });

interface Cell {
  id?: number;
  optionKey: string | null;
  value: string;
}
interface Row {
  id?: number;
  criterion: string;
  values: Cell[];
}
interface PageDraft {
  documentId: string;
  title: string;
  slug: string;
  intro: string;
  options: { id?: number; key: string; label: string; description: string }[];
  criteria: Row[];
  linkLabel: string | null;
  displayOrder: number;
  seo: unknown;
}
interface ValidationDetails {
  errors: { path: (string | number)[]; message: string }[];
}

const call = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${httpServer()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  return { status: res.status, body: json };
};

const refusal = (body: unknown) => (body as ErrorBody<ValidationDetails>).error;

let editor: string;
let page: PageDraft;

const draft = async (locale = 'fr'): Promise<PageDraft> => {
  const res = await call(editor, 'GET', `${CM}/${page.documentId}?locale=${locale}`);
  expect(res.status).toBe(200);
  return (res.body as { data: PageDraft }).data;
};

/** What the edit view sends on Save: the whole form, the table as edited. */
const saveInAdmin = (criteria: Row[], base: PageDraft = page) => {
  const { title, slug, intro, options, linkLabel, displayOrder, seo } = base;
  return call(editor, 'PUT', `${CM}/${base.documentId}?locale=fr`, {
    title,
    slug,
    intro,
    options,
    criteria,
    linkLabel,
    displayOrder,
    seo,
  });
};

const newRow = (criterion: string, cells: [string | null, string][]): Row => ({
  criterion,
  values: cells.map(([optionKey, value]) => ({ optionKey, value })),
});

beforeAll(async () => {
  editor = await adminToken('strapi-editor');
  const list = await call(editor, 'GET', `${CM}?locale=fr&sort=displayOrder:asc`);
  expect(list.status).toBe(200);
  const [first] = (list.body as { results: { documentId: string }[] }).results;
  page = { documentId: first.documentId } as PageDraft;
  page = await draft();
  // The seeded total/partial page: its options are the columns the tests name.
  expect(page.options.map((option) => [option.key, option.label])).toEqual([
    ['total', 'Totale'],
    ['partial', 'Partielle'],
  ]);
});

describe('Content Manager save (Editor, draft)', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('refuses a new row whose title is %s, in French, under the row’s title, and stores nothing', async (_, title) => {
    const before = await draft();
    const rows = [
      ...before.criteria,
      newRow(title, [
        ['total', 'Oui'],
        ['partial', 'Non'],
      ]),
    ];
    const res = await saveInAdmin(rows, before);
    expect(res.status).toBe(400);
    const error = refusal(res.body);
    expect(error.name).toBe('ValidationError');
    const index = before.criteria.length;
    expect(error.message).toBe(`La ligne ${index + 1} du tableau comparatif n’a pas de titre : saisissez son critère`);
    expect(error.details.errors).toEqual([
      { path: ['criteria', index, 'criterion'], message: error.message, name: 'ValidationError' },
    ]);
    expect((await draft()).criteria).toHaveLength(before.criteria.length);
  });

  it('refuses a cell whose option is not one of the page’s, naming the key and the page’s options', async () => {
    const before = await draft();
    const rows = [
      ...before.criteria,
      newRow('Coût', [
        ['total', 'Forfait'],
        ['parttial', 'À la tâche'],
      ]),
    ];
    const res = await saveInAdmin(rows, before);
    expect(res.status).toBe(400);
    const error = refusal(res.body);
    const index = before.criteria.length;
    expect(error.message).toBe(
      '« parttial » n’est pas une option de la page (la ligne « Coût ») ; options de la page : « Totale », « Partielle »'
    );
    expect(error.details.errors.map((e) => e.path)).toEqual([['criteria', index, 'values', 1, 'optionKey']]);
    expect((await draft()).criteria.map((row) => row.criterion)).not.toContain('Coût');
  });

  it('refuses a cell without option and an option given twice on one row, each under its cell', async () => {
    const before = await draft();
    const rows = [
      ...before.criteria,
      newRow('Coût', [
        ['total', 'Forfait'],
        [null, 'Oui'],
        ['total', 'Encore'],
      ]),
    ];
    const res = await saveInAdmin(rows, before);
    expect(res.status).toBe(400);
    const error = refusal(res.body);
    const index = before.criteria.length;
    expect(error.message).toMatch(/^Le tableau comparatif a 2 erreurs : /);
    expect(error.details.errors.map((e) => [e.path, e.message])).toEqual([
      [['criteria', index, 'values', 1, 'optionKey'], 'Choisissez l’option de la valeur 2 de la ligne « Coût »'],
      [['criteria', index, 'values', 2, 'optionKey'], 'L’option « Totale » a déjà une valeur sur la ligne « Coût »'],
    ]);
  });

  it('refuses options that would leave existing cells without a column', async () => {
    const before = await draft();
    const res = await call(editor, 'PUT', `${CM}/${before.documentId}?locale=fr`, {
      ...before,
      options: before.options.filter((option) => option.key !== 'partial'),
    });
    expect(res.status).toBe(400);
    expect(refusal(res.body).message).toMatch(/« partial » n’est pas une option de la page/);
    expect((await draft()).options).toHaveLength(2);
  });

  it('saves a titled row with one cell per option, and REST shows it once published', async () => {
    const before = await draft();
    const rows = [
      ...before.criteria,
      newRow('Coût', [
        ['total', 'Forfait global'],
        ['partial', 'À la tâche'],
      ]),
    ];
    const saved = await saveInAdmin(rows, before);
    expect(saved.status).toBe(200);
    const published = await call(editor, 'POST', `${CM}/${before.documentId}/actions/publish?locale=fr`, {});
    expect(published.status).toBe(200);
    const res = await fetch(`${httpServer()}/api/comparison-pages/${before.documentId}?locale=fr`);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { criteria: { criterion: string; values: Cell[] }[] } };
    const row = data.criteria.find((r) => r.criterion === 'Coût');
    expect(row?.values.map(({ optionKey, value }) => [optionKey, value])).toEqual([
      ['total', 'Forfait global'],
      ['partial', 'À la tâche'],
    ]);
  });
});

describe('REST (full-access token)', () => {
  let token: string;
  beforeAll(async () => {
    token = await apiToken('full-access');
  });

  it('refuses rows sent alone that break the stored options, with the same French answer', async () => {
    const res = await call(token, 'PUT', `/api/comparison-pages/${page.documentId}?locale=fr`, {
      data: { criteria: [newRow('', [['total', 'Oui']]), newRow('Délai', [['hybride', 'Non']])] },
    });
    expect(res.status).toBe(400);
    const error = refusal(res.body);
    expect(error.details.errors.map((e) => [e.path, e.message])).toEqual([
      [['criteria', 0, 'criterion'], 'La ligne 1 du tableau comparatif n’a pas de titre : saisissez son critère'],
      [
        ['criteria', 1, 'values', 0, 'optionKey'],
        '« hybride » n’est pas une option de la page (la ligne « Délai ») ; options de la page : « Totale », « Partielle »',
      ],
    ]);
    expect((await draft()).criteria.map((row) => row.criterion)).toContain('Pilotage');
  });

  it('refuses a new page whose table names an option it does not have; nothing is created', async () => {
    const count = async () =>
      getStrapi()
        .db.query(UID)
        .count({ where: { slug: 'cout-ou-valeur' } });
    const res = await call(token, 'POST', '/api/comparison-pages?locale=fr', {
      data: {
        title: 'Coût ou valeur',
        slug: 'cout-ou-valeur',
        intro: 'Deux façons de compter.',
        displayOrder: 9,
        options: [
          { key: 'cout', label: 'Coût', description: 'Le prix.' },
          { key: 'valeur', label: 'Valeur', description: 'Le gain.' },
        ],
        criteria: [
          newRow('Mesure', [
            ['cout', 'Euros'],
            ['total', 'Jours'],
          ]),
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(refusal(res.body).details.errors.map((e) => e.path)).toEqual([['criteria', 0, 'values', 1, 'optionKey']]);
    expect(await count()).toBe(0);
  });
});

describe('publication', () => {
  it('refuses to publish a draft whose cell names an option the page lost before these rules existed', async () => {
    const before = await draft('en');
    const cell = before.criteria[0].values[0];
    // A draft written before the rules: straight into the cell's table, as an old save left it.
    await getStrapi()
      .db.query('comparison.option-value')
      .update({ where: { id: cell.id }, data: { optionKey: 'hybrid' } });
    const res = await call(editor, 'POST', `${CM}/${before.documentId}/actions/publish?locale=en`, {});
    expect(res.status).toBe(400);
    expect(refusal(res.body).details.errors.map((e) => e.path)).toEqual([['criteria', 0, 'values', 0, 'optionKey']]);
    const live = await fetch(`${httpServer()}/api/comparison-pages/${before.documentId}?locale=en`);
    const { data } = (await live.json()) as { data: { criteria: { values: Cell[] }[] } };
    expect(data.criteria[0].values[0].optionKey).toBe(cell.optionKey);

    // The start-up check names that draft (and only it) for the operator.
    let count = 0;
    const log = await capturedLog(async () => {
      count = await reportNonCompliantTables(getStrapi());
    });
    expect(count).toBe(1);
    expect(log).toContain(
      `warn: [comparison-page] ${before.documentId} (en, draft): « hybrid » n’est pas une option de la page`
    );
  });
});
