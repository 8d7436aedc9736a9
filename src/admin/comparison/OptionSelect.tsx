import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { OptionChoice } from './form-values';

interface OptionSelectProps {
  name: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  value: unknown;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  choices: OptionChoice[];
  onChange: (key: string) => void;
}

/**
 * The option of a table cell, chosen among the page's options by their labels (the key they stand
 * for is what is stored). A stored key the page no longer has stays shown as such, so the editor sees
 * which cell to fix rather than a blank choice.
 */
export const OptionSelect = ({
  name,
  label,
  hint,
  value,
  error,
  required,
  disabled,
  choices,
  onChange,
}: OptionSelectProps) => {
  const { formatMessage } = useIntl();
  const current = typeof value === 'string' ? value : '';
  const unknown = current !== '' && !choices.some((choice) => choice.key === current);
  return (
    <Field.Root name={name} error={error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={current === '' ? null : current}
        disabled={disabled}
        placeholder={formatMessage({ id: 'comparison.cells.option.placeholder', defaultMessage: 'Choose an option' })}
        onChange={(chosen) => onChange(String(chosen))}
      >
        {choices.map((choice) => (
          <SingleSelectOption key={choice.key} value={choice.key}>
            {choice.label}
          </SingleSelectOption>
        ))}
        {unknown ? (
          <SingleSelectOption value={current}>
            {formatMessage(
              { id: 'comparison.cells.option.unknown', defaultMessage: '“{key}” (not an option of the page)' },
              { key: current }
            )}
          </SingleSelectOption>
        ) : null}
      </SingleSelect>
      {hint ? <Field.Hint /> : null}
      <Field.Error />
    </Field.Root>
  );
};
