import { InputRenderer } from '@strapi/strapi/admin';
import type { StrapiApp } from '@strapi/strapi/admin';

type DateType = 'date' | 'datetime';
const DATE_TYPES: readonly DateType[] = ['date', 'datetime'];

const isDateType = (value: unknown): value is DateType => DATE_TYPES.some((type) => type === value);

/**
 * A date the person may not change (read-only in the view, or not theirs to edit) without the "×" that
 * clears it: Strapi 5.54's date inputs pass a clear action to the picker whatever the field's state, and
 * the design system shows the button for any field holding a value, disabled or not. An editable date
 * keeps it. Everything else is Strapi's own input (the generic renderer the Content Manager falls back
 * to for dates), given the props the Content Manager gives its field library.
 */
const DateInput = (props: Record<string, unknown>) => {
  // The Content Manager's own props that the generic renderer does not take (as it strips them itself).
  const { unique: _unique, mainField: _mainField, ...rest } = props;
  const { name, type } = rest;
  if (typeof name !== 'string' || !isDateType(type)) return null;
  const readOnly = rest.disabled === true;
  // The inputs spread these props last onto the picker: an explicit `undefined` replaces their clear action.
  return <InputRenderer {...rest} name={name} type={type} {...(readOnly ? { onClear: undefined } : {})} />;
};

export const registerReadOnlyDates = (app: StrapiApp): void => {
  app.addFields(DATE_TYPES.map((type) => ({ type, Component: DateInput })));
};
