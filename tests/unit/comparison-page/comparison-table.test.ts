import fs from 'fs';
import path from 'path';
import { comparisonTableProblems } from '../../../src/api/comparison-page/validation/comparison-table';
import { optionChoices, optionsPathOf, rowPathOf } from '../../../src/admin/comparison/form-values';

const OPTIONS = [
  { key: 'total', label: 'Totale', description: '…' },
  { key: 'partial', label: 'Partielle', description: '…' },
];

describe('comparisonTableProblems', () => {
  it('accepts rows with a title and one cell per option, and a table without rows', () => {
    const rows = [{ criterion: 'Pilotage', values: [{ optionKey: 'total' }, { optionKey: 'partial' }] }];
    expect(comparisonTableProblems(OPTIONS, rows)).toEqual([]);
    expect(comparisonTableProblems(OPTIONS, [])).toEqual([]);
    expect(comparisonTableProblems(OPTIONS, undefined)).toEqual([]);
  });

  it('names the row without a title by its place, and a faulty cell by its row’s title', () => {
    const rows = [
      { criterion: ' ', values: [{ optionKey: 'total' }] },
      {
        criterion: 'Coût',
        values: [{ optionKey: 'TOTAL' }, { optionKey: '' }, { optionKey: 'partial' }, { optionKey: 'partial' }],
      },
    ];
    expect(comparisonTableProblems(OPTIONS, rows)).toEqual([
      {
        path: ['criteria', 0, 'criterion'],
        message: 'La ligne 1 du tableau comparatif n’a pas de titre : saisissez son critère',
      },
      {
        path: ['criteria', 1, 'values', 0, 'optionKey'],
        message:
          '« TOTAL » n’est pas une option de la page (la ligne « Coût ») ; options de la page : « Totale », « Partielle »',
      },
      {
        path: ['criteria', 1, 'values', 1, 'optionKey'],
        message: 'Choisissez l’option de la valeur 2 de la ligne « Coût »',
      },
      {
        path: ['criteria', 1, 'values', 3, 'optionKey'],
        message: 'L’option « Partielle » a déjà une valeur sur la ligne « Coût »',
      },
    ]);
  });

  it('fails closed when the page has no options: every cell is refused', () => {
    const problems = comparisonTableProblems([], [{ criterion: 'Pilotage', values: [{ optionKey: 'total' }] }]);
    expect(problems.map((problem) => problem.message)).toEqual([
      '« total » n’est pas une option de la page (la ligne « Pilotage ») ; options de la page : aucune (ajoutez-les dans « Options comparées »)',
    ]);
  });

  it('passes the versioned seed, every page in every language', () => {
    const seed = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../../database/seed/comparison-pages.json'), 'utf8')
    ) as { items: { locales: Record<string, { options: unknown; criteria: unknown[] }> }[] };
    const checked: string[] = [];
    for (const item of seed.items) {
      for (const [locale, page] of Object.entries(item.locales)) {
        expect([locale, comparisonTableProblems(page.options, page.criteria)]).toEqual([locale, []]);
        expect(page.criteria.length).toBeGreaterThan(0);
        checked.push(locale);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(4);
  });
});

describe('the admin editor’s form paths', () => {
  it('finds the page’s options and the row from a field inside the table', () => {
    expect(optionsPathOf('criteria.2.criterion')).toBe('options');
    expect(optionsPathOf('criteria.2.values.1.optionKey')).toBe('options');
    expect(rowPathOf('criteria.2.values.1.optionKey')).toBe('criteria.2');
    expect(optionsPathOf('title')).toBe('');
  });

  it('offers the options by label, a blank label shown as its key, blank and repeated keys left out', () => {
    expect(
      optionChoices([
        { key: 'total', label: 'Totale' },
        { key: 'partial', label: ' ' },
        { key: '' },
        { key: 'total', label: 'Encore' },
      ])
    ).toEqual([
      { key: 'total', label: 'Totale' },
      { key: 'partial', label: 'partial' },
    ]);
  });
});
