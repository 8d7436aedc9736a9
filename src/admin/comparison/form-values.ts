/**
 * Reading the comparison page's form values from inside one of its components. A field's name is its
 * dotted path in the form (`criteria.2.criterion`, `criteria.2.values.0.optionKey`); the page's options
 * sit beside `criteria`, so their path is found from the field's own.
 */

export const getIn = (values: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((current, key) => {
    if (current === null || typeof current !== 'object') return undefined;
    return (current as Record<string, unknown>)[key];
  }, values);

/** The path of the page's `options` for a field inside its `criteria` (or '' outside a comparison table). */
export const optionsPathOf = (fieldName: string): string => {
  const parts = fieldName.split('.');
  const at = parts.lastIndexOf('criteria');
  if (at < 0) return '';
  return [...parts.slice(0, at), 'options'].join('.');
};

/** The row (`criteria.2`) a field of the row or of one of its cells belongs to. */
export const rowPathOf = (fieldName: string): string => {
  const parts = fieldName.split('.');
  const at = parts.lastIndexOf('criteria');
  return at < 0 ? '' : parts.slice(0, at + 2).join('.');
};

export interface OptionChoice {
  key: string;
  label: string;
}

/** The page's options as the editor sees them now (typed, not yet saved, included), by label. */
export const optionChoices = (options: unknown): OptionChoice[] => {
  if (!Array.isArray(options)) return [];
  const choices: OptionChoice[] = [];
  for (const option of options) {
    if (!option || typeof option !== 'object') continue;
    const { key, label } = option as Record<string, unknown>;
    if (typeof key !== 'string' || key.trim() === '') continue;
    if (choices.some((choice) => choice.key === key.trim())) continue;
    choices.push({ key: key.trim(), label: typeof label === 'string' && label.trim() ? label.trim() : key.trim() });
  }
  return choices;
};

export interface CellValue {
  optionKey?: unknown;
  value?: unknown;
  id?: unknown;
  __temp_key__?: unknown;
}

export const cellsOf = (values: unknown): CellValue[] =>
  Array.isArray(values) ? values.filter((cell): cell is CellValue => !!cell && typeof cell === 'object') : [];
