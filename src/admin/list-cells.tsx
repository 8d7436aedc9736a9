import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Typography } from '@strapi/design-system';
import type { ListFieldLayout, ListLayout } from '@strapi/content-manager/strapi-admin';

/** The Content Manager's hook over the list view's columns (the one i18n and review workflows use). */
export const INJECT_COLUMN_IN_TABLE = 'Admin/CM/pages/ListView/inject-column-in-table';

/** Prefixes of the tags derived from a request (src/api/quote-request/domain/tagging.ts). */
const TAG_PREFIXES = ['model', 'scope', 'approach'] as const;

/** A cell's text as the Content Manager writes its own (same size and colour, cut with an ellipsis). */
const CellText = ({ children }: { children: ReactNode }) => (
  <Typography maxWidth="30rem" ellipsis textColor="neutral800">
    {children}
  </Typography>
);

/** An enumeration's value in the interface language (its message id is the raw value, as in edit views). */
const ChoiceCell = ({ value }: { value: unknown }) => {
  const { formatMessage } = useIntl();
  if (typeof value !== 'string' || value === '') return <CellText>-</CellText>;
  return <CellText>{formatMessage({ id: value, defaultMessage: value })}</CellText>;
};

/** `model:bpo, scope:partial` as "Modèle : BPO, Périmètre : Partielle"; tags typed by hand stay as they are. */
const TagListCell = ({ value }: { value: unknown }) => {
  const { formatMessage } = useIntl();
  if (typeof value !== 'string' || value.trim() === '') return <CellText>-</CellText>;
  const tags = value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0)
    .map((tag) => {
      const [prefix, ...rest] = tag.split(':');
      const choice = rest.join(':');
      const known = TAG_PREFIXES.find((name) => name === prefix);
      if (!known || choice === '') return tag;
      const name = formatMessage({ id: `quote-request.tag.${known}`, defaultMessage: known });
      const value = formatMessage({ id: choice, defaultMessage: choice });
      return formatMessage({ id: 'quote-request.tag', defaultMessage: '{name}: {value}' }, { name, value });
    });
  return <CellText>{tags.join(', ')}</CellText>;
};

/**
 * A date and time as a short line ("04/12/2026 20:14"): the Content Manager writes the full date ("vendredi
 * 4 décembre 2026 à 20:14"), which made the request list wider than a 1440 px screen.
 */
const DateTimeCell = ({ value }: { value: unknown }) => {
  const { formatDate } = useIntl();
  if (typeof value !== 'string' || value === '') return <CellText>-</CellText>;
  return <CellText>{formatDate(value, { dateStyle: 'short', timeStyle: 'short' })}</CellText>;
};

const cellOf = (row: Record<string, unknown>, header: { name: string }): unknown => row[header.name.split('.')[0]];

/** Gives the list view's columns the cells above; columns that already format their cells are kept. */
export const localiseListCells = ({
  displayedHeaders,
  layout,
}: {
  displayedHeaders: ListFieldLayout[];
  layout: ListLayout;
}): { displayedHeaders: ListFieldLayout[]; layout: ListLayout } => ({
  layout,
  displayedHeaders: displayedHeaders.map((header): ListFieldLayout => {
    if (header.cellFormatter) return header;
    if (header.attribute.type === 'enumeration')
      return { ...header, cellFormatter: (row) => <ChoiceCell value={cellOf(row, header)} /> };
    if (header.attribute.type === 'datetime')
      return { ...header, cellFormatter: (row) => <DateTimeCell value={cellOf(row, header)} /> };
    if (header.name === 'tagList')
      return { ...header, cellFormatter: (row) => <TagListCell value={cellOf(row, header)} /> };
    return header;
  }),
});
