import * as React from 'react';
import { Box, Field, Flex, IconButton, TextButton, Textarea, TextInput, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useForm } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { OptionSelect } from './OptionSelect';
import { cellsOf, getIn, optionChoices, optionsPathOf, rowPathOf } from './form-values';

/** What the Content Manager passes a custom field's input (typed by Strapi as no props at all). */
interface CriterionRowInputProps {
  name?: string;
  label?: React.ReactNode;
  hint?: React.ReactNode;
  value?: unknown;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  onChange?: (path: string, value: unknown) => void;
}

/**
 * New rows already given their cells in this form session (by the row's form key): a row whose cells
 * the editor removed on purpose is not filled again when it is opened anew.
 */
const filledRows = new Set<string>();

const errorAt = (errors: unknown, path: string): string | undefined => {
  const error = getIn(errors, path);
  return typeof error === 'string' ? error : undefined;
};

/**
 * The custom field `global::comparison-row` (a row's `criterion`): the row's title and, under it, all its
 * cells at once, each with its option chosen among the page's options by label and its text. A new row
 * starts with one cell per option of the page. The cells are the row's `values` component, edited in
 * place: Strapi's own editor for a repeatable component shows one cell at a time and asks for the raw key.
 */
const CriterionRowInput = React.forwardRef<HTMLInputElement, CriterionRowInputProps>(
  ({ name = '', label, hint, value, error, required, disabled, onChange = () => undefined }, ref) => {
    const { formatMessage } = useIntl();
    const rowPath = rowPathOf(name);
    const cellsPath = `${rowPath}.values`;
    const options = useForm('ComparisonRow', (state) => getIn(state.values, optionsPathOf(name)));
    const row = useForm('ComparisonRow', (state) => getIn(state.values, rowPath));
    const errors = useForm('ComparisonRow', (state) => state.errors);
    const addFieldRow = useForm('ComparisonRow', (state) => state.addFieldRow);
    const removeFieldRow = useForm('ComparisonRow', (state) => state.removeFieldRow);
    const choices = React.useMemo(() => optionChoices(options), [options]);
    const { values: rawCells, id: rowId, __temp_key__: rowKey } = (row ?? {}) as Record<string, unknown>;
    const cells = cellsOf(rawCells);

    React.useEffect(() => {
      // Only a row added in this session (no id yet), still empty, and while the page has options.
      if (rowId !== undefined && rowId !== null) return;
      if (typeof rowKey !== 'string' || filledRows.has(rowKey)) return;
      if (cells.length > 0 || choices.length === 0 || !rowPath) return;
      filledRows.add(rowKey);
      for (const choice of choices) addFieldRow(cellsPath, { optionKey: choice.key, value: '' });
    }, [rowId, rowKey, cells.length, choices, rowPath, cellsPath, addFieldRow]);

    const unused = choices.find((choice) => !cells.some((cell) => cell.optionKey === choice.key));

    return (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Field.Root name={name} error={error} hint={hint} required={required}>
          <Field.Label>{label}</Field.Label>
          <TextInput
            ref={ref}
            value={typeof value === 'string' ? value : ''}
            disabled={disabled}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(name, event.target.value)}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
        <Box>
          <Typography variant="pi" fontWeight="bold" textColor="neutral800" tag="p">
            {formatMessage({ id: 'comparison.cells.title', defaultMessage: 'Values per option' })}
          </Typography>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {formatMessage({
              id: 'comparison.cells.help',
              defaultMessage: 'One cell per compared option, in the order of the table’s columns.',
            })}
          </Typography>
        </Box>
        {choices.length === 0 && cells.length === 0 ? (
          <Typography variant="pi" textColor="neutral600">
            {formatMessage({
              id: 'comparison.cells.noOptions',
              defaultMessage: 'First add the page’s options in “Compared options”.',
            })}
          </Typography>
        ) : null}
        {cells.map((cell, index) => {
          const cellPath = `${cellsPath}.${index}`;
          return (
            <Box
              key={typeof cell.__temp_key__ === 'string' ? cell.__temp_key__ : index}
              background="neutral0"
              hasRadius
              borderColor="neutral200"
              padding={4}
              data-comparison-cell={index}
            >
              <Flex gap={4} alignItems="flex-start">
                <Box width="30%">
                  <OptionSelect
                    name={`${cellPath}.optionKey`}
                    label={formatMessage({ id: 'comparison.cells.option', defaultMessage: 'Option' })}
                    value={cell.optionKey}
                    error={errorAt(errors, `${cellPath}.optionKey`)}
                    required
                    disabled={disabled}
                    choices={choices}
                    onChange={(key) => onChange(`${cellPath}.optionKey`, key)}
                  />
                </Box>
                <Box flex="1">
                  <Field.Root name={`${cellPath}.value`} error={errorAt(errors, `${cellPath}.value`)} required>
                    <Field.Label>
                      {formatMessage({ id: 'comparison.cells.value', defaultMessage: 'Value' })}
                    </Field.Label>
                    <Textarea
                      value={typeof cell.value === 'string' ? cell.value : ''}
                      disabled={disabled}
                      onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                        onChange(`${cellPath}.value`, event.target.value)
                      }
                    />
                    <Field.Error />
                  </Field.Root>
                </Box>
                <Box paddingTop={6}>
                  <IconButton
                    variant="ghost"
                    disabled={disabled}
                    label={formatMessage(
                      { id: 'comparison.cells.remove', defaultMessage: 'Remove value {index}' },
                      { index: index + 1 }
                    )}
                    onClick={() => removeFieldRow(cellsPath, index)}
                  >
                    <Trash />
                  </IconButton>
                </Box>
              </Flex>
            </Box>
          );
        })}
        {choices.length > 0 ? (
          <Box>
            <TextButton
              disabled={disabled}
              startIcon={<Plus />}
              onClick={() => addFieldRow(cellsPath, { optionKey: unused?.key ?? null, value: '' })}
            >
              {formatMessage({ id: 'comparison.cells.add', defaultMessage: 'Add a value' })}
            </TextButton>
          </Box>
        ) : null}
      </Flex>
    );
  }
);
CriterionRowInput.displayName = 'CriterionRowInput';

export default CriterionRowInput;
