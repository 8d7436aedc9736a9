import * as React from 'react';
import { useForm } from '@strapi/strapi/admin';
import { OptionSelect } from './OptionSelect';
import { getIn, optionChoices, optionsPathOf } from './form-values';

/** What the Content Manager passes a custom field's input (typed by Strapi as no props at all). */
interface OptionKeyInputProps {
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
 * The custom field `global::comparison-option` (a cell's `optionKey`): a list of the page's options by
 * label, read from the form as it is being edited. The row editor (CriterionRowInput) shows the cells
 * itself; this input serves wherever a cell is shown on its own (a view configured to show the cells).
 */
const OptionKeyInput = React.forwardRef<HTMLDivElement, OptionKeyInputProps>(
  ({ name = '', label, hint, value, error, required, disabled, onChange = () => undefined }, ref) => {
    const options = useForm('ComparisonOptionKey', (state) => getIn(state.values, optionsPathOf(name)));
    const choices = React.useMemo(() => optionChoices(options), [options]);
    return (
      <div ref={ref}>
        <OptionSelect
          name={name}
          label={label}
          hint={hint}
          value={value}
          error={error}
          required={required}
          disabled={disabled}
          choices={choices}
          onChange={(key) => onChange(name, key)}
        />
      </div>
    );
  }
);
OptionKeyInput.displayName = 'OptionKeyInput';

export default OptionKeyInput;
