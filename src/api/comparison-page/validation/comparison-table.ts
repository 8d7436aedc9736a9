/**
 * The comparison table's rules, checked on every save (draft included): a row has a title, and each of
 * its cells names one of the page's options, once. Frontends match a cell to its column by the option's
 * key: a cell with a key the page does not have would be a cell in no column, and a row without a
 * title a row nobody can read (the admin shows it as a blank line). Plain functions, no Strapi import.
 */

export interface TableProblem {
  path: (string | number)[];
  message: string;
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export interface PageOption {
  key: string;
  label: string;
}

/** The page's options as the editor typed them (blank keys left out: the option's own rules refuse them). */
export const pageOptions = (options: unknown): PageOption[] =>
  list(options)
    .map((option) => ({ key: text(record(option).key), label: text(record(option).label) }))
    .filter((option) => option.key !== '');

const named = (option: PageOption): string => `« ${option.label || option.key} »`;

export const comparisonTableProblems = (options: unknown, criteria: unknown): TableProblem[] => {
  const known = pageOptions(options);
  const byKey = new Map(known.map((option) => [option.key, option]));
  const offered = known.length > 0 ? known.map(named).join(', ') : 'aucune (ajoutez-les dans « Options comparées »)';
  const problems: TableProblem[] = [];
  list(criteria).forEach((row, rowIndex) => {
    const { criterion, values } = record(row);
    const rowName = text(criterion) ? `la ligne « ${text(criterion)} »` : `la ligne ${rowIndex + 1}`;
    if (!text(criterion)) {
      problems.push({
        path: ['criteria', rowIndex, 'criterion'],
        message: `La ligne ${rowIndex + 1} du tableau comparatif n’a pas de titre : saisissez son critère`,
      });
    }
    const seen = new Set<string>();
    list(values).forEach((cell, cellIndex) => {
      const key = text(record(cell).optionKey);
      const path = ['criteria', rowIndex, 'values', cellIndex, 'optionKey'];
      const option = byKey.get(key);
      if (!key) {
        problems.push({ path, message: `Choisissez l’option de la valeur ${cellIndex + 1} de ${rowName}` });
      } else if (!option) {
        problems.push({
          path,
          message: `« ${key} » n’est pas une option de la page (${rowName}) ; options de la page : ${offered}`,
        });
      } else if (seen.has(key)) {
        problems.push({ path, message: `L’option ${named(option)} a déjà une valeur sur ${rowName}` });
      }
      seen.add(key);
    });
  });
  return problems;
};
